// kind's cluster configuration (kind.x-k8s.io/v1alpha4) as `kind create cluster --config`
// reads it: the apiVersion/kind sniff, yaml.v3's strict decoding into kind's Go types (an
// unknown field or a wrong scalar is an "unmarshal error" with its line), kind's defaults,
// then Cluster.Validate() with its texts and apimachinery's aggregate formatting. Every
// message is what follows "ERROR: failed to create cluster: " on kind's stderr.
import { yamlToJson } from "../golang/yaml/decode.js";
import { YamlError } from "../golang/yaml/errors.js";
import { parseFirstDocument, type YamlNode } from "../golang/yaml/parser.js";
import { resolvePlain } from "../golang/yaml/resolve.js";
import { isIPv4 } from "../util/ipv4.js";
import { DEFAULT_POD_SUBNET, DEFAULT_SERVICE_SUBNET } from "../util/subnets.js";

export const KIND_API_VERSION = "kind.x-k8s.io/v1alpha4";

export interface KindPortMapping {
  containerPort?: number;
  hostPort?: number;
  listenAddress?: string;
  protocol?: string;
}

export interface KindNode {
  role?: string;
  image?: string;
  labels?: Record<string, string>;
  extraMounts?: Record<string, unknown>[];
  extraPortMappings?: KindPortMapping[];
  kubeadmConfigPatches?: string[];
  kubeadmConfigPatchesJSON6902?: unknown[];
}

export interface KindNetworking {
  ipFamily?: string;
  apiServerPort?: number;
  apiServerAddress?: string;
  podSubnet?: string;
  serviceSubnet?: string;
  disableDefaultCNI?: boolean;
  kubeProxyMode?: string;
  dnsSearch?: string[];
}

/** A v1alpha4 Cluster as the user wrote it (the fields kind's Go types have, nothing else). */
export interface KindConfig {
  kind?: string;
  apiVersion?: string;
  name?: string;
  nodes?: KindNode[];
  networking?: KindNetworking;
  featureGates?: Record<string, boolean>;
  runtimeConfig?: Record<string, string>;
  kubeadmConfigPatches?: string[];
  kubeadmConfigPatchesJSON6902?: unknown[];
  containerdConfigPatches?: string[];
  containerdConfigPatchesJSON6902?: string[];
}

/** A rejected config: `message` is kind's text after "failed to create cluster: ". */
export class KindConfigError extends Error {}

// The Go field types yaml.v3 decodes into, by YAML key, named as its errors name them.
type GoType =
  | "string"
  | "int32"
  | "bool"
  | "[]string"
  | "map[string]string"
  | "map[string]bool"
  | "any"
  | Struct;
interface Struct {
  name: string;
  fields: Record<string, GoType | { list: Struct }>;
}

const PORT_MAPPING: Struct = {
  name: "v1alpha4.PortMapping",
  fields: { containerPort: "int32", hostPort: "int32", listenAddress: "string", protocol: "string" },
};
const MOUNT: Struct = {
  name: "v1alpha4.Mount",
  fields: {
    containerPath: "string",
    hostPath: "string",
    readOnly: "bool",
    selinuxRelabel: "bool",
    propagation: "string",
  },
};
const PATCH_6902: Struct = {
  name: "v1alpha4.PatchJSON6902",
  fields: { group: "string", version: "string", kind: "string", patch: "string" },
};
const NODE: Struct = {
  name: "v1alpha4.Node",
  fields: {
    role: "string",
    image: "string",
    labels: "map[string]string",
    extraMounts: { list: MOUNT },
    extraPortMappings: { list: PORT_MAPPING },
    kubeadmConfigPatches: "[]string",
    kubeadmConfigPatchesJSON6902: { list: PATCH_6902 },
  },
};
const NETWORKING: Struct = {
  name: "v1alpha4.Networking",
  fields: {
    ipFamily: "string",
    apiServerPort: "int32",
    apiServerAddress: "string",
    podSubnet: "string",
    serviceSubnet: "string",
    disableDefaultCNI: "bool",
    kubeProxyMode: "string",
    dnsSearch: "[]string",
  },
};
const CLUSTER: Struct = {
  name: "v1alpha4.Cluster",
  fields: {
    kind: "string",
    apiVersion: "string",
    name: "string",
    nodes: { list: NODE },
    networking: NETWORKING,
    featureGates: "map[string]bool",
    runtimeConfig: "map[string]string",
    kubeadmConfigPatches: "[]string",
    kubeadmConfigPatchesJSON6902: { list: PATCH_6902 },
    containerdConfigPatches: "[]string",
    containerdConfigPatchesJSON6902: "[]string",
  },
};

const YAML12_BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE"]);

/** yaml.v3's tag names in its "cannot unmarshal !!TAG" errors. */
function shortTag(n: YamlNode): string {
  if (n.kind === "mapping") return "!!map";
  if (n.kind === "sequence") return "!!seq";
  let tag = n.tag ? n.tag.replace("tag:yaml.org,2002:", "") : n.implicit ? resolvePlain(n.value).tag : "str";
  // yaml.v3 is YAML 1.2: yes, no, on and off are strings.
  if (tag === "bool" && !YAML12_BOOLS.has(n.value)) tag = "str";
  return `!!${tag}`;
}

/** yaml.v3 with KnownFields(true): every unknown key and wrong scalar, with its 1-based line. */
function strictErrors(root: YamlNode): string[] {
  const errs: string[] = [];
  const line = (n: YamlNode) => n.line + 1;
  const mismatch = (n: YamlNode, into: string): false => {
    errs.push(
      `line ${line(n)}: cannot unmarshal ${shortTag(n)}${n.kind === "scalar" ? ` \`${n.value}\`` : ""} into ${into}`,
    );
    return false;
  };
  const scalar = (n: YamlNode, t: "string" | "int32" | "bool") => {
    if (n.kind !== "scalar") return mismatch(n, t);
    const tag = shortTag(n);
    if (tag === "!!null") return;
    if (t === "int32" && (tag !== "!!int" || Math.abs(Number(n.value)) > 2147483647)) return mismatch(n, t);
    if (t === "bool" && tag !== "!!bool") return mismatch(n, t);
  };
  const walk = (n: YamlNode, t: GoType | { list: Struct }): unknown => {
    if (n.kind === "alias" && n.alias) return walk(n.alias, t);
    if (n.kind === "scalar" && shortTag(n) === "!!null") return;
    if (typeof t === "string") {
      if (t === "any") return;
      if (t === "string" || t === "int32" || t === "bool") return scalar(n, t);
      if (t === "[]string") {
        if (n.kind !== "sequence") return mismatch(n, t);
        for (const c of n.children) scalar(c, "string");
        return;
      }
      if (n.kind !== "mapping") return mismatch(n, t);
      for (let i = 1; i < n.children.length; i += 2)
        scalar(n.children[i], t === "map[string]bool" ? "bool" : "string");
      return;
    }
    if ("list" in t) {
      if (n.kind !== "sequence") return mismatch(n, `[]${t.list.name}`);
      for (const c of n.children) walk(c, t.list);
      return;
    }
    if (n.kind !== "mapping") return mismatch(n, t.name);
    for (let i = 0; i + 1 < n.children.length; i += 2) {
      const k = n.children[i];
      const field = t.fields[k.value];
      if (field === undefined) errs.push(`line ${line(k)}: field ${k.value} not found in type ${t.name}`);
      else walk(n.children[i + 1], field);
    }
  };
  walk(root, CLUSTER);
  return errs;
}

/** encoding.Parse: the config a file or stdin holds, decoded strictly, before defaults. */
export function parseKindConfig(text: string): KindConfig {
  let root: YamlNode | undefined;
  let value: unknown;
  try {
    root = parseFirstDocument(text);
    value = yamlToJson(text, { yaml12: true });
  } catch (e) {
    const msg = e instanceof YamlError ? e.goMessage() : (e as Error).message;
    throw new KindConfigError(`could not determine kind / apiVersion for config: ${msg}`);
  }
  const doc = (value && typeof value === "object" && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const apiVersion = str(doc.apiVersion);
  const kind = str(doc.kind);
  if (apiVersion !== KIND_API_VERSION) throw new KindConfigError(`unknown apiVersion: ${apiVersion}`);
  if (kind !== "Cluster") throw new KindConfigError(`unknown kind ${kind} for apiVersion: ${apiVersion}`);
  const errs = root ? strictErrors(root) : [];
  if (errs.length)
    throw new KindConfigError(`unable to decode config: yaml: unmarshal errors:\n  ${errs.join("\n  ")}`);
  return doc as KindConfig;
}

/** SetDefaultsCluster (v1alpha4): one control plane, IPv4, kind's subnets, iptables. */
export type DefaultedKindConfig = Required<Pick<KindConfig, "nodes" | "networking">> & KindConfig;

export function withKindDefaults(c: KindConfig, name: string): DefaultedKindConfig {
  const nodes: KindNode[] = (c.nodes?.length ? c.nodes : [{}]).map((n) => ({
    ...n,
    role: n.role || "control-plane",
  }));
  const net = { ...(c.networking ?? {}) };
  net.ipFamily ||= "ipv4";
  net.apiServerAddress ||= net.ipFamily === "ipv6" ? "::1" : "127.0.0.1";
  const v6 = net.ipFamily === "ipv6";
  const dual = net.ipFamily === "dual";
  const [pod4, svc4] = [DEFAULT_POD_SUBNET, DEFAULT_SERVICE_SUBNET];
  net.podSubnet ||= v6 ? "fd00:10:244::/56" : dual ? `${pod4},fd00:10:244::/56` : pod4;
  net.serviceSubnet ||= v6 ? "fd00:10:96::/112" : dual ? `${svc4},fd00:10:96::/112` : svc4;
  net.kubeProxyMode ||= "iptables";
  return { ...c, name, nodes, networking: net };
}

/** apimachinery's NewAggregate(...).Error(): one message alone, several in brackets. */
function aggregate(errs: string[]): string {
  const uniq = [...new Set(errs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(", ")}]`;
}

function validatePort(port: number | undefined): string | undefined {
  const p = port ?? 0;
  return p < -1 || p > 65535 ? `invalid port number: ${p}` : undefined;
}

/** Go's net.ParseCIDR for the IPv4 forms kubesim routes (IPv6 is parsed loosely and rejected later). */
function parseCIDR(s: string): { v4: boolean } | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (isIPv4(m[1])) return bits <= 32 ? { v4: true } : undefined;
  if (m[1].includes(":") && /^[0-9a-fA-F:.]+$/.test(m[1])) return bits <= 128 ? { v4: false } : undefined;
  return undefined;
}

function validateSubnets(subnets: string, family: string): string | undefined {
  const parts = subnets.split(",");
  const parsed = [];
  for (const p of parts) {
    const c = parseCIDR(p);
    if (!c) return `failed to parse cidr value:${JSON.stringify(p)} with error: invalid CIDR address: ${p}`;
    parsed.push(c);
  }
  const dual = family === "dual";
  if (dual && parsed.length > 2)
    return "expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking";
  if (dual && parsed.length === 2 && parsed[0].v4 === parsed[1].v4)
    return "expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking";
  if (!dual && parsed.length > 1) return "only one CIDR allowed for single-stack networking";
  if (family === "ipv4" && !parsed[0].v4) return "expected IPv4 CIDR for IPv4 family";
  if (family === "ipv6" && parsed[0].v4) return "expected IPv6 CIDR for IPv6 family";
  return undefined;
}

/** Go's net.ParseIP(s).String() for the addresses a port mapping may listen on. */
function ipString(s: string | undefined): string {
  if (!s) return "<nil>";
  if (isIPv4(s)) return s;
  if (s === "::" || s === "[::]") return "::";
  return s.includes(":") ? s : "<nil>";
}

/** validatePortMappings: the same listen address, port and protocol twice (0.0.0.0 covers all). */
function duplicateMapping(ms: KindPortMapping[]): string | undefined {
  const bound = new Map<string, Set<string>>();
  for (const m of ms) {
    if (m.hostPort === -1 || !m.hostPort) continue;
    let addr = ipString(m.listenAddress);
    const pp = `${m.hostPort}/${m.protocol ?? ""}`;
    const err = `port mapping with same listen address, port and protocol already configured: ${addr}:${pp}`;
    if (addr === "::") addr = "0.0.0.0";
    const set = bound.get(pp);
    if (set) {
      if (addr === "0.0.0.0" && set.size > 0) return err;
      if (set.has(addr) || set.has("0.0.0.0")) return err;
    } else bound.set(pp, new Set());
    bound.get(pp)?.add(addr);
  }
  return undefined;
}

function validateNode(n: KindNode): string | undefined {
  const errs: string[] = [];
  if (n.role !== "control-plane" && n.role !== "worker")
    errs.push(`${JSON.stringify(n.role)} is not a valid node role`);
  // The protocol is still as written here: only the docker provider defaults it to TCP, later.
  const mappings = n.extraPortMappings ?? [];
  for (const m of mappings) {
    const h = validatePort(m.hostPort);
    if (h) errs.push(`invalid hostPort: ${h}`);
    const c = validatePort(m.containerPort);
    if (c) errs.push(`invalid containerPort: ${c}`);
  }
  const dup = duplicateMapping(mappings);
  if (dup) errs.push(`invalid portMapping: ${dup}`);
  return errs.length ? aggregate(errs) : undefined;
}

/** Cluster.Validate() on a defaulted config; undefined when kind accepts it. */
export function validateKindConfig(c: DefaultedKindConfig): string | undefined {
  const errs: string[] = [];
  const name = c.name ?? "";
  if (!/^[a-z0-9.-]+$/.test(name))
    errs.push(`'${name}' is not a valid cluster name, cluster names must match \`^[a-z0-9.-]+$\``);
  const net = c.networking;
  if (net.apiServerPort) {
    const e = validatePort(net.apiServerPort);
    if (e) errs.push(`invalid apiServerPort: ${e}`);
  }
  const family = net.ipFamily ?? "";
  if (!["ipv4", "ipv6", "dual"].includes(family)) errs.push(`invalid ipFamily: ${family}`);
  const pod = validateSubnets(net.podSubnet ?? "", family);
  if (pod) errs.push(`invalid pod subnet ${pod}`);
  const svc = validateSubnets(net.serviceSubnet ?? "", family);
  if (svc) errs.push(`invalid service subnet ${svc}`);
  if (!["iptables", "ipvs", "none", "nftables"].includes(net.kubeProxyMode ?? ""))
    errs.push(`invalid kubeProxyMode: ${net.kubeProxyMode}`);
  c.nodes.forEach((n, i) => {
    const e = validateNode(n);
    if (e) errs.push(`invalid configuration for node ${i}: ${e}`);
  });
  if (!c.nodes.some((n) => n.role === "control-plane"))
    errs.push("must have at least one control-plane node");
  return errs.length ? aggregate(errs) : undefined;
}

/** The docker provider's check at provisioning: only TCP, UDP and SCTP can be published. */
export function provisionError(c: DefaultedKindConfig): string | undefined {
  for (const n of c.nodes)
    for (const m of n.extraPortMappings ?? [])
      if (m.protocol && !["TCP", "UDP", "SCTP"].includes(m.protocol))
        return `unknown port mapping protocol: ${m.protocol}`;
  return undefined;
}
