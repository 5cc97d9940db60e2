// curl and wget as users type them, over an abstract network (see types.ts).
export { type CurlVariant, type CurlVersion, curl } from "./curl.js";
export { expandWriteOut, METER_HEADER, meterLine } from "./curl-meter.js";
export type { ClientResult, ConnectResult, HttpRequest, HttpResponse, Net } from "./types.js";
export { KERNEL_CONNECT_TIMEOUT_MS } from "./types.js";
export { parseUrl } from "./url.js";
export { busyboxProgress, type WgetOptions, wget } from "./wget.js";
