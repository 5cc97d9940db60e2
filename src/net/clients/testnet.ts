// A hand-built network for the client tests: names to IPs, and per IP:port either a
// connection outcome or an image's listener answering.
import { imageModel } from "../../images/index.js";
import type { ServeContext } from "../../images/types.js";
import type { ConnectResult, Net } from "./types.js";

export const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);

type Endpoint = ConnectResult | { image: string; files?: Record<string, string>; command?: string[] };

export function testNet(
  names: Record<string, string>,
  endpoints: Record<string, Endpoint>,
): Net & { seen: string[] } {
  const seen: string[] = [];
  return {
    localIP: "10.244.1.7",
    nowMs: NOW,
    seen,
    resolve: (host) => (names[host] ? { ok: true, ip: names[host] } : { ok: false }),
    connect: (ip, port, opts) => {
      seen.push(`${ip}:${port}${opts.timeoutMs !== undefined ? ` t=${opts.timeoutMs}` : ""}`);
      const ep = endpoints[`${ip}:${port}`];
      if (!ep) return { kind: "refused", elapsedMs: 0 };
      if (!("image" in ep)) return ep;
      const model = imageModel(ep.image);
      if (!model) throw new Error(`testnet: no image model ${ep.image}`);
      const files = { ...model.files(), ...(ep.files ?? {}) };
      const listener = model
        .process({ command: ep.command, env: {}, ports: [] })
        .listeners.find((l) => l.port === port);
      const handle = listener?.handle;
      if (!handle) return { kind: "refused", elapsedMs: 0 };
      // Directories are the prefixes of the files: enough for listings and redirects.
      const listDir = (d: string) => {
        const inside = Object.keys(files).filter((f) => f.startsWith(`${d}/`));
        if (inside.length === 0) return undefined;
        return inside.map((f) => ({ name: f.slice(d.length + 1).split("/")[0], type: "file" as const }));
      };
      const ctx: ServeContext = {
        podName: "web-0",
        hostname: "web-0",
        nowMs: NOW,
        readFile: (p) => files[p],
        listDir,
      };
      return { kind: "ok", elapsedMs: 0.12, localPort: 43512, serve: (req) => handle(req, ctx) };
    },
  };
}
