// An HTTPS listener's certificate as cloud-provider-kind builds Envoy's TLS context for it
// (pkg/gateway/listener.go): each certificateRef must be a core Secret holding PEM tls.key and
// tls.crt; the first problem found is the error that leaves the listener unprogrammed, in the
// controller's own words. Shared by the controller (status) and the data plane (what listens).

import type { KObject } from "../../api/types.js";
import type { GatewayListener } from "./kinds.js";

const PEM = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/;

function pemIn(secret: KObject, key: string): boolean {
  const v = secret.data?.[key];
  return typeof v === "string" && PEM.test(Buffer.from(v, "base64").toString("utf8"));
}

/** The Secrets of the listener's certificateRefs, or why Envoy's TLS context cannot be built. */
export function listenerCertificates(
  l: GatewayListener,
  gatewayNs: string,
  secret: (ns: string, name: string) => KObject | undefined,
): { secrets: KObject[] } | { error: string } {
  if (!l.tls) return { secrets: [] };
  const refs = l.tls.certificateRefs ?? [];
  if (!refs.length) return { error: "TLS is configured, but no certificate refs are provided" };
  const secrets: KObject[] = [];
  for (const ref of refs) {
    if (ref.group) return { error: `unsupported certificate ref group: ${ref.group}` };
    if (ref.kind !== undefined && ref.kind !== "Secret")
      return { error: `unsupported certificate ref kind: ${ref.kind}` };
    const ns = ref.namespace ?? gatewayNs;
    const s = secret(ns, ref.name);
    if (!s) return { error: `failed to get secret ${ns}/${ref.name}: secret "${ref.name}" not found` };
    for (const [key, what] of [
      ["tls.key", "private key"],
      ["tls.crt", "certificate chain"],
    ] as const) {
      if (s.data?.[key] === undefined)
        return {
          error: `failed to convert secret to tls certificate: secret ${ns}/${ref.name} does not contain key ${key}`,
        };
      if (!pemIn(s, key))
        return {
          error: `failed to convert secret to tls certificate: secret ${ns}/${ref.name} key ${key} does not contain a valid PEM-encoded ${what}`,
        };
    }
    secrets.push(s);
  }
  return { secrets };
}

/** Listeners Envoy serves: HTTP, and HTTPS whose certificates load, naming no route kind but HTTPRoute. */
export function servedListener(
  l: GatewayListener,
  gatewayNs: string,
  secret: (ns: string, name: string) => KObject | undefined,
): boolean {
  const kinds = l.allowedRoutes?.kinds ?? [];
  if (kinds.some((k) => (k.group && k.group !== "gateway.networking.k8s.io") || k.kind !== "HTTPRoute"))
    return false;
  if (l.protocol === "HTTP") return true;
  return l.protocol === "HTTPS" && !("error" in listenerCertificates(l, gatewayNs, secret));
}
