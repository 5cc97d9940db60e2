// configMapGenerator and secretGenerator (api/internal/generators and api/kv): key/value
// pairs from env files, literals and files, in that order, checked as kustomize checks them.
import * as posix from "node:path/posix";
import type { GeneratorOptions, KvSources } from "./kustomization.js";
import { KustomizeError, type Loader, wrap } from "./loader.js";
import type { Res } from "./resource.js";

type Pair = [string, string];

const utf8 = new TextDecoder("utf-8", { fatal: true });
function validUtf8(b: Buffer): boolean {
  try {
    utf8.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** kyaml's encodeBase64: 70-character lines, each ended by a newline once there are two or more. */
export function encodeBase64(b: Buffer): string {
  const enc = b.toString("base64");
  if (enc.length < 70) return enc;
  let out = "";
  for (let i = 0; i < enc.length; i += 70) out += `${enc.slice(i, i + 70)}\n`;
  return out;
}

/** Go's %v of a []string. */
const goList = (xs: string[]) => `[${xs.join(" ")}]`;

function envPairs(ldr: Loader, paths: string[]): Pair[] {
  const out: Pair[] = [];
  for (const p of paths) {
    const content = ldr.load(p);
    const lines = content.toString("latin1").split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    lines.forEach((raw, i) => {
      let bytes = Buffer.from(raw.replace(/\r$/, ""), "latin1");
      if (!validUtf8(bytes)) throw new KustomizeError(`line ${i} has invalid utf8 bytes`);
      if (i === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      const line = bytes.toString("utf8").replace(/^\s+/u, "");
      if (line === "" || line.startsWith("#")) return;
      const eq = line.indexOf("=");
      // kubectl's kustomize runs without a key validator: any key is taken.
      const key = eq < 0 ? line : line.slice(0, eq);
      out.push([key, eq < 0 ? "" : line.slice(eq + 1)]);
    });
  }
  return out;
}

function literalPairs(sources: string[]): Pair[] {
  return sources.map((s) => {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new KustomizeError(`invalid literal source ${s}, expected key=value`);
    let v = s.slice(eq + 1);
    if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
    return [s.slice(0, eq), v];
  });
}

function filePairs(ldr: Loader, sources: string[]): [string, Buffer][] {
  return sources.map((s) => {
    const n = s.split("=").length - 1;
    let key: string;
    let path: string;
    if (n === 0) [key, path] = [posix.basename(s), s];
    else if (n === 1 && s.startsWith("="))
      throw new KustomizeError(`missing key name for file path "${s.slice(1)}" in source "${s}"`);
    else if (n === 1 && s.endsWith("="))
      throw new KustomizeError(`missing file path for key name "${s.slice(0, -1)}" in source "${s}"`);
    else if (n > 1) throw new KustomizeError(`source "${s}" key name or file path contains '='`);
    else [key, path] = s.split("=") as [string, string];
    return [key, ldr.load(path)];
  });
}

/** MergeGlobalOptionsIntoLocal: the generator's own labels and annotations win. */
function mergeOptions(
  local: GeneratorOptions | undefined,
  global: GeneratorOptions | undefined,
): GeneratorOptions {
  return {
    labels: { ...global?.labels, ...local?.labels },
    annotations: { ...global?.annotations, ...local?.annotations },
    disableNameSuffixHash: !!(local?.disableNameSuffixHash || global?.disableNameSuffixHash),
    immutable: !!(local?.immutable || global?.immutable),
  };
}

/** One generated ConfigMap or Secret. */
export function generate(
  ldr: Loader,
  kind: "ConfigMap" | "Secret",
  args: KvSources,
  global: GeneratorOptions | undefined,
): Res {
  if (!args.name) throw new KustomizeError("a configmap must have a name");
  const obj: Record<string, unknown> = { apiVersion: "v1", kind, metadata: { name: args.name } };
  if (args.namespace) (obj.metadata as Record<string, unknown>).namespace = args.namespace;
  if (kind === "Secret") obj.type = args.type || "Opaque";
  const pairs: [string, string | Buffer][] = [];
  try {
    pairs.push(...envPairs(ldr, args.envs ?? []));
  } catch (e) {
    wrap(e, `loading KV pairs: env source files: ${goList(args.envs ?? [])}`);
  }
  try {
    pairs.push(...literalPairs(args.literals ?? []));
  } catch (e) {
    wrap(e, `loading KV pairs: literal sources ${goList(args.literals ?? [])}`);
  }
  try {
    pairs.push(...filePairs(ldr, args.files ?? []));
  } catch (e) {
    wrap(e, `loading KV pairs: file sources: ${goList(args.files ?? [])}`);
  }
  const seen = new Set<string>();
  const data: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const [k, v] of pairs) {
    if (seen.has(k)) throw new KustomizeError(`configmap ${args.name} illegally repeats the key \`${k}\``);
    seen.add(k);
    const bytes = typeof v === "string" ? Buffer.from(v, "utf8") : v;
    if (kind === "Secret") data[k] = encodeBase64(bytes);
    else if (validUtf8(bytes)) data[k] = bytes.toString("utf8");
    else binary[k] = encodeBase64(bytes);
  }
  // A Secret's data map is made before its pairs are loaded, so it is there even when empty.
  if (Object.keys(data).length || kind === "Secret") obj.data = data;
  if (Object.keys(binary).length) obj.binaryData = binary;
  const opts = mergeOptions(args.options, global);
  const md = obj.metadata as Record<string, unknown>;
  if (Object.keys(opts.labels ?? {}).length) md.labels = { ...opts.labels };
  if (Object.keys(opts.annotations ?? {}).length) md.annotations = { ...opts.annotations };
  if (opts.immutable) obj.immutable = true;
  return { obj, prev: [], hash: !opts.disableNameSuffixHash };
}
