// What the kubelet writes into a volume it fills from the API: configMap, secret, downwardAPI
// and projected (configMap, secret, downwardAPI and serviceAccountToken sources), as the
// volume plugins' SetUp builds the payload (pkg/volume/configmap, secret, downwardapi,
// projected): every key or the chosen items at their paths, the item's mode or the volume's
// defaultMode (0644), an optional source that is missing leaving nothing, and the plugins'
// error texts for a missing object or key.
import type { Container, DownwardAPIVolumeFile, KeyToPath, Volume } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { CONFIGMAPS, NODES, SECRETS, SERVICEACCOUNTS } from "../apiserver/resources.js";
import { KUBELET_TOKEN_SECONDS, mintToken } from "../apiserver/tokens.js";
import { parseQuantity, quantityMilliValue, quantityValue } from "../golang/quantity.js";
import type { KubeletContext } from "./context.js";

export interface VolumeFile {
  data: string;
  mode: number;
}

/** Path inside the volume -> file. */
export type VolumeContent = Record<string, VolumeFile>;

export type Payload = { files: VolumeContent } | { error: string };

const DEFAULT_MODE = 0o644;

/** Whether the kubelet fills this volume from the API (and refreshes it on its syncs). */
export function isApiVolume(v: Volume | undefined): boolean {
  return !!(v?.configMap || v?.secret || v?.downwardAPI || v?.projected);
}

function keyed(
  data: Record<string, string>,
  items: KeyToPath[] | undefined,
  mode: number,
  optional: boolean,
  missingKey: (key: string) => string,
  out: VolumeContent,
): string | undefined {
  if (!items?.length) {
    for (const key of Object.keys(data).sort()) out[key] = { data: data[key], mode };
    return undefined;
  }
  for (const it of items) {
    if (data[it.key] === undefined) {
      if (optional) continue;
      return missingKey(it.key);
    }
    out[it.path] = { data: data[it.key], mode: it.mode ?? mode };
  }
  return undefined;
}

const decode = (b64: unknown): string => Buffer.from(String(b64), "base64").toString("utf8");

function configMapInto(
  c: KubeletContext,
  ns: string,
  src: { name?: string; items?: KeyToPath[]; optional?: boolean },
  mode: number,
  out: VolumeContent,
): string | undefined {
  const cm = c.api.get(CONFIGMAPS, ns, src.name ?? "");
  if (!cm) return src.optional ? undefined : `configmap "${src.name}" not found`;
  const data: Record<string, string> = { ...(cm.data ?? {}) };
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data[k] = decode(v);
  return keyed(
    data,
    src.items,
    mode,
    !!src.optional,
    (k) => `configmap references non-existent config key: ${k}`,
    out,
  );
}

function secretInto(
  c: KubeletContext,
  ns: string,
  src: { name?: string; items?: KeyToPath[]; optional?: boolean },
  mode: number,
  out: VolumeContent,
): string | undefined {
  const s = c.api.get(SECRETS, ns, src.name ?? "");
  if (!s) return src.optional ? undefined : `secret "${src.name}" not found`;
  const data = Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, decode(v)]));
  return keyed(data, src.items, mode, !!src.optional, (k) => `references non-existent secret key: ${k}`, out);
}

/** fieldpath.FormatMap: sorted key="value" lines (Go %q), without a newline after the last. */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m?.[k] ?? "")}`)
    .join("\n");
}

function fieldValue(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? "";
  switch (path) {
    case "metadata.labels":
      return formatMap(pod.metadata.labels);
    case "metadata.annotations":
      return formatMap(pod.metadata.annotations);
    case "metadata.name":
      return pod.metadata.name;
    case "metadata.namespace":
      return pod.metadata.namespace ?? "default";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    default:
      return "";
  }
}

/**
 * resourceFieldRef: the container's limit (or, with none, the node's allocatable) or request,
 * divided by the divisor and rounded up, as the kubelet's ExtractContainerResourceValue does.
 */
function resourceValue(
  c: KubeletContext,
  pod: Pod,
  ctr: Container | undefined,
  f: DownwardAPIVolumeFile,
): string {
  const ref = f.resourceFieldRef;
  if (!ref) return "";
  const [kind, res] = ref.resource.split(".") as ["limits" | "requests", string];
  let q = ctr?.resources?.[kind]?.[res];
  if (q === undefined && kind === "limits") {
    q = c.api.get(NODES, undefined, pod.spec.nodeName ?? "")?.status?.allocatable?.[res];
  }
  const value = parseQuantity(String(q ?? "0"));
  const divisor = parseQuantity(String(ref.divisor ?? "1"));
  if (typeof value === "string" || typeof divisor === "string") return "";
  const cpu = res === "cpu";
  const num = cpu ? quantityMilliValue(value) : quantityValue(value);
  const den = cpu ? quantityMilliValue(divisor) : quantityValue(divisor);
  if (den === 0n) return "";
  return ((num + den - 1n) / den).toString();
}

function downwardInto(
  c: KubeletContext,
  pod: Pod,
  items: DownwardAPIVolumeFile[] | undefined,
  mode: number,
  out: VolumeContent,
): void {
  for (const f of items ?? []) {
    const ctr = pod.spec.containers.find((x) => x.name === f.resourceFieldRef?.containerName);
    const data = f.fieldRef ? fieldValue(pod, f.fieldRef.fieldPath) : resourceValue(c, pod, ctr, f);
    out[f.path] = { data, mode: f.mode ?? mode };
  }
}

/** A uuid drawn from a seed: the token's jti is fixed by the pod and the moment. */
function seededUuid(seed: string): string {
  const h = Buffer.from(seed).toString("hex").padEnd(32, "0");
  let x = 0;
  for (const ch of seed) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = Array.from({ length: 32 }, (_, i) =>
    ((Number.parseInt(h[i % h.length], 16) + x + i * 7) & 15).toString(16),
  ).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function tokenFor(
  c: KubeletContext,
  pod: Pod,
  audience: string | undefined,
  seconds: number,
  t: number,
): string {
  const ns = pod.metadata.namespace ?? "default";
  const saName = pod.spec.serviceAccountName ?? "default";
  const sa = c.api.get(SERVICEACCOUNTS, ns, saName);
  const node = c.api.get(NODES, undefined, pod.spec.nodeName ?? "");
  const now = Math.floor(t / 1000);
  return mintToken({
    namespace: ns,
    serviceAccount: { name: saName, uid: sa?.metadata.uid ?? "" },
    audiences: audience ? [audience] : undefined,
    expirationSeconds: seconds,
    pod: { name: pod.metadata.name, uid: pod.metadata.uid ?? "" },
    node: node ? { name: node.metadata.name, uid: node.metadata.uid ?? "" } : undefined,
    now,
    jti: seededUuid(`${pod.metadata.uid}/${now}/${audience ?? ""}`),
  }).token;
}

/**
 * The files of an API-filled volume as the API holds its sources now, or the SetUp error the
 * kubelet reports (`configmap "x" not found`); undefined for any other kind of volume. The
 * serviceAccountToken files are minted at `tokenAt`, and left out without it.
 */
export function volumePayload(c: KubeletContext, pod: Pod, v: Volume, tokenAt?: number): Payload | undefined {
  const ns = pod.metadata.namespace ?? "default";
  const out: VolumeContent = {};
  let error: string | undefined;
  if (v.configMap) {
    error = configMapInto(c, ns, v.configMap, v.configMap.defaultMode ?? DEFAULT_MODE, out);
  } else if (v.secret) {
    const s = v.secret;
    error = secretInto(c, ns, { ...s, name: s.secretName }, s.defaultMode ?? DEFAULT_MODE, out);
  } else if (v.downwardAPI) {
    downwardInto(c, pod, v.downwardAPI.items, v.downwardAPI.defaultMode ?? DEFAULT_MODE, out);
  } else if (v.projected) {
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    const errors: string[] = [];
    for (const src of v.projected.sources ?? []) {
      let e: string | undefined;
      if (src.configMap) e = configMapInto(c, ns, src.configMap, mode, out);
      else if (src.secret) e = secretInto(c, ns, src.secret, mode, out);
      else if (src.downwardAPI) downwardInto(c, pod, src.downwardAPI.items, mode, out);
      else if (src.serviceAccountToken && tokenAt !== undefined) {
        const tk = src.serviceAccountToken;
        out[tk.path] = {
          data: tokenFor(c, pod, tk.audience, tk.expirationSeconds ?? KUBELET_TOKEN_SECONDS, tokenAt),
          mode,
        };
      }
      if (e) errors.push(e);
    }
    // utilerrors.NewAggregate: one error as it is, several as a bracketed list.
    if (errors.length === 1) error = errors[0];
    else if (errors.length > 1) error = `[${errors.join(", ")}]`;
  } else return undefined;
  return error ? { error } : { files: out };
}
