// The API server's persisted secondary indexes, kept in step with every write as an
// informer's indexers are: pods by controller, by node and by label, ReplicaSets by
// controller. They let a controller or a listing reach the handful of objects a change or a
// selector concerns without reading every pod of a large cluster: `get pods -l app=x` reads
// the index record for `default/app=x` and ten pod summaries, not 100,000.
//
// Each index is a records bucket of two kinds of entries: `v:VALUE` lists the object keys
// indexed under VALUE, and `o:KEY` the values an object is indexed under now. The second
// is what a write compares against, because writers change stored objects in place before
// they put them back: the stored object cannot tell what it was indexed under.
import type { KObject, Pod, Service } from "../api/types.js";
import type { BucketConfig, ObjectStore } from "../store/objects.js";
import type { FieldRequirement } from "./fields.js";
import {
  distinctSorted,
  membersOf,
  NONE,
  type ObjectEntry,
  sameValues,
  sizeOf,
  type ValueEntry,
} from "./index-entries.js";
import { bumpStamp, stampOf } from "./index-stamps.js";
import type { Selector } from "./labels.js";

export interface IndexSpec {
  /** The records bucket that holds it (no dot: bucket names with one are custom kinds'). */
  bucket: string;
  /**
   * The resource type (bucket name) it indexes, or ALL_TYPES: the objects of every type but
   * events, each keyed `bucket/key` (`pods/default/web-1`, `clusterroles/admin`).
   */
  plural: string;
  /** The values an object is found under. */
  values(o: KObject): string[];
  /**
   * Whether each value keeps a stamp that changes whenever its members do, in a small
   * bucket of its own (`<bucket>-stamps`): a reader that caches what it derived from a
   * value's members (the scheduler's node loads) checks the stamp, not the members.
   */
  stamped?: boolean;
}

/** An owner's value in the by-controller indexes: `Kind/namespace/name/uid`. */
export function ownerValue(kind: string, ns: string, name: string, uid: string): string {
  return `${kind}/${ns}/${name}/${uid}`;
}

/** The owner an index value names (the inverse of ownerValue). */
export function parseOwnerValue(v: string): { kind: string; ns: string; name: string; uid: string } {
  const [kind = "", ns = "", name = "", uid = ""] = v.split("/");
  return { kind, ns, name, uid };
}

function controller(o: KObject): string[] {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  return ref?.uid ? [ownerValue(ref.kind, o.metadata.namespace ?? "", ref.name, ref.uid)] : [];
}

/** Pods by their controller (ownerValue), so an owner's pods are read without a scan. */
export const POD_OWNER: IndexSpec = { bucket: "index-pods-owner", plural: "pods", values: controller };

/**
 * Bound pods by node name; pods not yet bound under "" (the scheduler's queue). A pod
 * that has finished (Succeeded, Failed) is listed under its node too, and also under
 * `-holding/NODE` while it has not: the pods that hold the node's resources, whose set
 * alone decides the scheduler's view of the node (their requests and ports are immutable).
 */
export const POD_NODE: IndexSpec = {
  bucket: "index-pods-node",
  plural: "pods",
  stamped: true,
  values: (o) => {
    const p = o as Pod;
    const node = p.spec?.nodeName ?? "";
    const done = p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
    return node && !done ? [node, holdingValue(node)] : [node];
  },
};

/** The POD_NODE value of the pods holding a node's resources. */
export function holdingValue(node: string): string {
  return `-holding/${node}`;
}

/**
 * Pods with inter-pod anti-affinity terms, which incoming pods must respect: `anti` for a
 * required term (every incoming pod is checked against it), and for preferred terms only the
 * namespaces whose pods they can select (`prefer/<ns>`, or `prefer/*` for a namespace
 * selector). CoreDNS's preferred term reaches only kube-system, so a pod elsewhere is placed
 * without reading every placed pod. A cluster written before the split holds `anti` for
 * both, which is only more cautious.
 */
export const POD_ANTI_AFFINITY: IndexSpec = {
  bucket: "index-pods-antiaffinity",
  plural: "pods",
  values: (o) => {
    const anti = (o as Pod).spec?.affinity?.podAntiAffinity;
    if (!anti) return [];
    if (anti.requiredDuringSchedulingIgnoredDuringExecution?.length) return [ANTI_REQUIRED];
    const out = new Set<string>();
    for (const w of anti.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      const t = w.podAffinityTerm;
      if (t.namespaceSelector) out.add(preferValue("*"));
      else if (t.namespaces?.length) for (const ns of t.namespaces) out.add(preferValue(ns));
      else out.add(preferValue(o.metadata.namespace ?? "default"));
    }
    return [...out];
  },
};

/** The POD_ANTI_AFFINITY value of pods with a required anti-affinity term. */
export const ANTI_REQUIRED = "anti";

/** The POD_ANTI_AFFINITY value of pods whose preferred anti-affinity can select pods in `ns` (or `*`: any). */
export function preferValue(ns: string): string {
  return `prefer/${ns}`;
}

/** Pods by `namespace/key=value`, one value per label. */
export const POD_LABEL: IndexSpec = {
  bucket: "index-pods-label",
  plural: "pods",
  values: (o) => {
    const ns = o.metadata.namespace ?? "default";
    const labels = o.metadata.labels;
    const out: string[] = [];
    if (labels) for (const k of Object.keys(labels)) out.push(labelValue(ns, k, labels[k]));
    return out;
  },
};

/** The by-controller value of a namespace's objects that have no controller (orphans). */
export function orphanValue(ns: string): string {
  return `-orphan/${ns}`;
}

/** ReplicaSets by controller, and those without one by namespace (the Deployment adopts them). */
export const RS_OWNER: IndexSpec = {
  bucket: "index-replicasets-owner",
  plural: "replicasets",
  values: (o) => {
    const v = controller(o);
    return v.length ? v : [orphanValue(o.metadata.namespace ?? "")];
  },
};

/** Services by `namespace/key=value`, one value per pair of their selector. */
export const SVC_SELECTOR: IndexSpec = {
  bucket: "index-services-selector",
  plural: "services",
  values: (o) => {
    const ns = o.metadata.namespace ?? "default";
    const sel = (o as { spec?: { selector?: Record<string, string> } }).spec?.selector ?? {};
    return Object.entries(sel).map(([k, v]) => labelValue(ns, k, v));
  },
};

/** An SVC_ALLOC value: `ip:10.96.0.1` or `port:30080`. */
export function allocValue(kind: "ip" | "port", v: string): string {
  return `${kind}:${v}`;
}

/** Services by the ClusterIPs, nodePorts and healthCheckNodePort they hold (the allocators' view). */
export const SVC_ALLOC: IndexSpec = {
  bucket: "index-services-alloc",
  plural: "services",
  values: (o) => {
    const spec =
      (
        o as {
          spec?: {
            clusterIPs?: string[];
            ports?: { nodePort?: number }[];
            healthCheckNodePort?: number;
          };
        }
      ).spec ?? {};
    const out = (spec.clusterIPs ?? []).filter((ip) => ip !== "None").map((ip) => allocValue("ip", ip));
    for (const p of spec.ports ?? []) if (p.nodePort) out.push(allocValue("port", String(p.nodePort)));
    if (spec.healthCheckNodePort) out.push(allocValue("port", String(spec.healthCheckNodePort)));
    return out;
  },
};

/** The SVC_ADDRESS value of a Service address (ClusterIP, external IP, load-balancer IP). */
export function addressValue(ip: string): string {
  return `ip:${ip}`;
}

/** The SVC_ADDRESS value of a NodePort (any protocol). */
export function nodePortValue(port: number): string {
  return `nodeport:${port}`;
}

/** The SVC_ADDRESS value of a healthCheckNodePort (kube-proxy answers it on every node). */
export function healthCheckValue(port: number): string {
  return `healthcheck:${port}`;
}

/**
 * Services by the addresses and NodePorts their proxy rules match: what a packet's
 * destination meets first, so the data plane finds the Service of a packet without reading
 * all 10,000 (kube-proxy itself keys its maps so, and IPVS its virtual servers).
 */
export const SVC_ADDRESS: IndexSpec = {
  bucket: "index-services-address",
  plural: "services",
  values: (o) => {
    const s = o as Service;
    const spec = s.spec ?? {};
    const ips = [
      ...(spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])),
      ...(spec.externalIPs ?? []),
      ...(s.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
    ].filter((ip) => ip !== "None");
    const nodePorts = (spec.ports ?? []).flatMap((p) => (p.nodePort ? [nodePortValue(p.nodePort)] : []));
    const health = spec.healthCheckNodePort ? [healthCheckValue(spec.healthCheckNodePort)] : [];
    return [...ips.map(addressValue), ...nodePorts, ...health];
  },
};

/**
 * Every EndpointSlice by `namespace/service` of its kubernetes.io/service-name label, whoever
 * manages it: kube-proxy reads mirrored and hand-made slices too, and each controller picks
 * its own by their managed-by label.
 */
export const SLICE_SERVICE_NAME: IndexSpec = {
  bucket: "index-endpointslices-servicename",
  plural: "endpointslices",
  values: (o) => {
    const svc = o.metadata.labels?.["kubernetes.io/service-name"];
    return svc ? [`${o.metadata.namespace ?? ""}/${svc}`] : [];
  },
};

/** IndexSpec.plural of an index over the objects of every type. */
export const ALL_TYPES = "*";

/**
 * Dependents of every type by the uid of each owner they name, as the garbage collector's
 * graph holds them: the removal of an owner leads to its dependents without a scan.
 */
export const DEPENDENTS: IndexSpec = {
  bucket: "index-dependents",
  plural: ALL_TYPES,
  values: (o) => {
    const out: string[] = [];
    for (const r of o.metadata.ownerReferences ?? []) if (r.uid) out.push(r.uid);
    return out;
  },
};

/** The key of an object in an ALL_TYPES index: its bucket, then its own key. */
export function typedKey(plural: string, key: string): string {
  return `${plural}/${key}`;
}

export const INDEXES: IndexSpec[] = [
  SVC_ALLOC,
  POD_OWNER,
  POD_NODE,
  POD_LABEL,
  POD_ANTI_AFFINITY,
  RS_OWNER,
  SVC_SELECTOR,
  SVC_ADDRESS,
  SLICE_SERVICE_NAME,
  DEPENDENTS,
];

export function labelValue(ns: string, key: string, value: string): string {
  return `${ns}/${key}=${value}`;
}

/** The store layout of the index buckets (storage.ts adds them to the apiserver's). */
export const INDEX_BUCKETS: Record<string, BucketConfig> = Object.fromEntries(
  INDEXES.flatMap((ix) => [
    // A value's entry and an object's entry each live where their own key hashes. Entries
    // are small (an object's values), but a value's lists its keys (a node's hundred pods:
    // 5 KB), so a shard holds 256 of them: about 30 KB, where 1,024 made every pod write
    // rewrite some 130 KB per index shard it touched.
    [ix.bucket, { shards: 1, records: true, perShard: 256 }],
    ...(ix.stamped ? [[stampsOf(ix), { shards: 1, records: true, perShard: 1024 }]] : []),
  ]),
);

function stampsOf(ix: IndexSpec): string {
  return `${ix.bucket}-stamps`;
}

export class Indexes {
  /**
   * Values objects were indexed under before a write of this process moved them (a pod's
   * old labels, the owner of a pod now gone), per index bucket and key: what an informer's
   * update and delete handlers get as the old object, so a controller can find the owner
   * or Service a pod left.
   */
  private readonly former = new Map<string, Map<string, Set<string>>>();
  /** The index specs of each type, worked out once (every write asks). */
  private readonly specs = new Map<string, IndexSpec[]>();
  /** Index buckets known to be in the catalog: ready() need not ask the store again. */
  private readonly built = new Set<string>();
  /**
   * The values each object of a type is indexed under, one list per index of its type, as
   * this process's last write of it left them (the index entries say the same: this class
   * alone writes them). Most writes of an object leave its values as they were (a pod's
   * status, again and again); this tells so with one lookup rather than one per index.
   */
  private readonly known = new Map<string, Map<string, (readonly string[])[]>>();

  constructor(
    private readonly objects: ObjectStore,
    /** The buckets of every served type (an ALL_TYPES index is built from them). */
    private readonly plurals: () => string[] = () => [],
  ) {}

  private specsFor(plural: string): IndexSpec[] {
    let specs = this.specs.get(plural);
    if (!specs) {
      // Events own nothing and are owned by nothing: they are left out of ALL_TYPES indexes.
      specs = INDEXES.filter(
        (ix) => ix.plural === plural || (ix.plural === ALL_TYPES && plural !== "events"),
      );
      this.specs.set(plural, specs);
    }
    return specs;
  }

  /**
   * An index missing from the catalog (a cluster stored before it existed) is built from
   * one scan of its type, once; the catalog entry then says it is kept.
   */
  private ready(ix: IndexSpec): void {
    if (this.built.has(ix.bucket)) return;
    this.built.add(ix.bucket);
    if (this.objects.has(ix.bucket)) return;
    // bucket() enters the index in the catalog, so the scan is not repeated once committed.
    this.objects.bucket(ix.bucket);
    // The scan writes entries behind `known`'s back.
    this.known.clear();
    const plurals = ix.plural === ALL_TYPES ? this.plurals().filter((p) => p !== "events") : [ix.plural];
    for (const plural of plurals) {
      if (!this.objects.has(plural)) continue;
      for (const o of this.objects.bucket(plural).summaryList()) {
        const key = o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
        if (key) this.apply(ix, ix.plural === ALL_TYPES ? typedKey(plural, key) : key, ix.values(o));
      }
    }
  }

  /**
   * Keeps the indexes of `plural` in step with a write of `key` (obj undefined: removed);
   * returns the buckets of the indexes whose entry for it changed.
   */
  update(plural: string, key: string, obj: KObject | undefined): string[] {
    const specs = this.specsFor(plural);
    for (const ix of specs) this.ready(ix);
    let byKey = this.known.get(plural);
    if (!byKey) {
      byKey = new Map();
      this.known.set(plural, byKey);
    }
    const was = byKey.get(key);
    // A new list only when some index's values moved: most writes keep `was` as it is.
    let now: (readonly string[])[] | undefined;
    const changed: string[] = [];
    // Each index looks the object's entry up by the same text: made once, the string is
    // flattened and hashed once for all of them rather than once per index.
    let entryKey: string | undefined;
    let typed: string | undefined;
    for (let i = 0; i < specs.length; i++) {
      const ix = specs[i];
      const next = distinctSorted(obj ? ix.values(obj) : []);
      // Values as this process last wrote them, unchanged: the entry needs no look.
      if (was && sameValues(was[i], next)) continue;
      now ??= was ? was.slice() : new Array(specs.length).fill(NONE);
      now[i] = next.length ? next : NONE;
      const all = ix.plural === ALL_TYPES;
      if (all) typed ??= typedKey(plural, key);
      else entryKey ??= `o:${key}`;
      if (this.apply(ix, all ? (typed as string) : key, next, all ? undefined : entryKey))
        changed.push(ix.bucket);
    }
    if (now) byKey.set(key, now);
    return changed;
  }

  private apply(ix: IndexSpec, key: string, now: string[], entryKey = `o:${key}`): boolean {
    const b = this.objects.bucket(ix.bucket);
    const entry = b.get(entryKey) as ObjectEntry | undefined;
    const before = entry?.values ?? NONE;
    const next = distinctSorted(now);
    if (sameValues(before, next)) return false;
    for (const v of before) {
      if (next.includes(v)) continue;
      let formerOf = this.former.get(ix.bucket);
      if (!formerOf) {
        formerOf = new Map();
        this.former.set(ix.bucket, formerOf);
      }
      const f = formerOf.get(key) ?? new Set<string>();
      f.add(v);
      formerOf.set(key, f);
      const vk = `v:${v}`;
      const ve = b.get(vk) as ValueEntry | undefined;
      if (!ve) continue;
      const members = membersOf(ve);
      if (!members[key]) continue;
      const size = sizeOf(ve) - 1;
      delete members[key];
      ve.size = size;
      // An emptied entry goes.
      if (size > 0) b.set(vk, ve as never);
      else b.delete(vk);
      this.bump(ix, v);
    }
    for (const v of next) {
      if (before.includes(v)) continue;
      const vk = `v:${v}`;
      const ve = (b.get(vk) as ValueEntry | undefined) ?? { members: Object.create(null), size: 0 };
      const members = membersOf(ve);
      if (members[key]) continue;
      ve.size = sizeOf(ve) + 1;
      members[key] = 1;
      b.set(vk, ve as never);
      this.bump(ix, v);
    }
    if (next.length) b.set(entryKey, { values: next } as never);
    else if (entry) b.delete(entryKey);
    return true;
  }

  private bump(ix: IndexSpec, value: string): void {
    if (ix.stamped) bumpStamp(this.objects, stampsOf(ix), value);
  }

  /** A stamped index's stamp for `value`: it changes whenever the value's members do. */
  stamp(ix: IndexSpec, value: string): number {
    this.ready(ix);
    return stampOf(this.objects, stampsOf(ix), value);
  }

  /**
   * The values an object is indexed under now. The stored list itself, not a copy: a write
   * replaces an object's entry rather than changing its list, and controllers ask this of
   * every pod write they hear of.
   */
  valuesOf(ix: IndexSpec, key: string): readonly string[] {
    this.ready(ix);
    const entry = this.objects.bucket(ix.bucket).get(`o:${key}`) as ObjectEntry | undefined;
    return entry ? entry.values : NONE;
  }

  /** The values the object was indexed under before this process's writes moved it. */
  formerValuesOf(ix: IndexSpec, key: string): readonly string[] {
    const f = this.former.get(ix.bucket)?.get(key);
    return f ? [...f] : NONE;
  }

  /** The keys of the objects indexed under `value`, sorted. */
  keys(ix: IndexSpec, value: string): string[] {
    this.ready(ix);
    const ve = this.objects.bucket(ix.bucket).get(`v:${value}`) as ValueEntry | undefined;
    return ve ? Object.keys(ve.members).sort() : [];
  }

  /**
   * The pod keys the most selective indexed requirement of a selection allows (an equality on
   * a label, spec.nodeName=), or undefined when none is indexed; `allNamespaces` lists them for
   * a selection across all.
   */
  podKeys(
    ns: string | undefined,
    sel: Selector,
    fields: FieldRequirement[],
    allNamespaces: () => string[],
  ): Set<string> | undefined {
    let best: Set<string> | undefined;
    const consider = (keys: string[]) => {
      if (!best || keys.length < best.size) best = new Set(keys);
    };
    const node = fields.find((f) => f.field === "spec.nodeName" && f.op === "=");
    if (node) consider(this.keys(POD_NODE, node.value));
    const namespaces =
      ns !== undefined ? [ns] : sel.some((q) => q.op === "=" || q.op === "in") ? allNamespaces() : [];
    for (const q of sel) {
      if (q.op !== "=" && q.op !== "in") continue;
      consider(
        namespaces.flatMap((n) => q.values.flatMap((v) => this.keys(POD_LABEL, labelValue(n, q.key, v)))),
      );
    }
    return best;
  }
}
