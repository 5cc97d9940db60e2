// The in-memory API server over one cluster state: typed CRUD, resourceVersions, uids,
// generation, and the events components record. Users' writes go through admission
// (strict decoding, defaulting, validation, allocation: see admit.ts); controllers write
// with put/remove, as they would through the API with their own service accounts.

import { rfc3339 } from "../golang/time.js";
import type { ObjectStore } from "../store/objects.js";
import type { ClusterState } from "../store/state.js";
import type { Rng } from "../util/rng.js";
import { notFound } from "./errors.js";
import { byKind, type ResourceType } from "./resources.js";
import type { KObject, OwnerReference } from "./types.js";

export function objectKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export interface EventSource {
  component: string;
  host?: string;
}

export class ApiServer {
  private changed = false;
  /** Writes per resource type (plural) and removals, counted so controllers can skip what did not change. */
  readonly writes = new Map<string, number>();

  /** Every write as "plural/key", in order: controllers that care which objects changed read it from a cursor. */
  readonly changeLog: string[] = [];

  /** Set when anything was written, so read-only commands know whether to persist. */
  get dirty(): boolean {
    return this.changed;
  }

  /**
   * A change outside the typed resources that a later command must see: a container's log
   * lines, files or packages, kube-proxy's affinity lists, a timeline step. The one way
   * besides an object write to make a command persist, so no component flips the flag itself.
   */
  markChanged(): void {
    this.changed = true;
  }

  private wrote(plural: string, removal = false, key?: string): void {
    this.changed = true;
    if (key !== undefined) this.changeLog.push(`${plural}/${key}`);
    this.writes.set(plural, (this.writes.get(plural) ?? 0) + 1);
    if (removal) this.writes.set("-removed", (this.writes.get("-removed") ?? 0) + 1);
  }
  /** Events by what makes a repeat (object, reason, message, field), for the objects seen so far. */
  private readonly eventIndex = new Map<string, KObject>();
  private readonly indexedEventShards = new Set<number>();

  constructor(
    readonly state: ClusterState,
    readonly objects: ObjectStore,
    readonly rng: Rng,
    /** Cluster time in ms of the step being simulated. */
    readonly time: () => number,
  ) {}

  private keyOf(r: ResourceType, ns: string | undefined, name: string): string {
    return objectKey(r.namespaced ? ns : undefined, name);
  }

  get(r: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    return this.objects.bucket(r.plural).get(this.keyOf(r, ns, name));
  }

  mustGet(r: ResourceType, ns: string | undefined, name: string): KObject {
    const o = this.get(r, ns, name);
    if (!o) throw notFound(r, name);
    return o;
  }

  /** Objects of a type in etcd order (namespace, then name); ns undefined = all namespaces. */
  list(r: ResourceType, ns?: string): KObject[] {
    return sortAndFilter(r, this.objects.bucket(r.plural).all(), ns);
  }

  /** Unsorted iteration over full objects, for controllers, where order does not matter. */
  all(r: ResourceType): KObject[] {
    return this.objects.bucket(r.plural).all();
  }

  /**
   * Like list, but pods come as their summaries (storage.ts): enough for tables, selectors
   * and scans, and far cheaper to read. Never write a summary back.
   */
  listSummaries(r: ResourceType, ns?: string): KObject[] {
    return sortAndFilter(r, this.objects.bucket(r.plural).summaryList(), ns);
  }

  /** Unsorted summaries, for controllers' scans. */
  summaries(r: ResourceType): KObject[] {
    return this.objects.bucket(r.plural).summaryList();
  }

  nextResourceVersion(): string {
    this.state.resourceVersion += 1;
    return String(this.state.resourceVersion);
  }

  /** Stamps server-set metadata on a new object and stores it (no admission). */
  insert(obj: KObject): KObject {
    const r = byKind(obj.kind);
    const m = obj.metadata;
    if (!m.name && m.generateName) m.name = m.generateName + this.rng.name(5);
    m.uid = this.rng.uuid();
    m.resourceVersion = this.nextResourceVersion();
    m.creationTimestamp = rfc3339(this.time());
    if (["Deployment", "ReplicaSet", "DaemonSet", "EndpointSlice"].includes(obj.kind)) m.generation = 1;
    if (obj.kind === "Service") {
      const seq = this.state.serviceSeq ?? { last: 0, byUid: {} };
      seq.last += 1;
      seq.byUid[m.uid] = seq.last;
      this.state.serviceSeq = seq;
    }
    this.objects.bucket(r.plural).set(this.keyOf(r, m.namespace, m.name!), obj);
    this.wrote(r.plural, false, this.keyOf(r, m.namespace, m.name!));
    return obj;
  }

  /** Stores a changed object under a new resourceVersion. */
  put(obj: KObject): KObject {
    const r = byKind(obj.kind);
    obj.metadata.resourceVersion = this.nextResourceVersion();
    this.objects.bucket(r.plural).set(this.keyOf(r, obj.metadata.namespace, obj.metadata.name!), obj);
    this.wrote(r.plural, false, this.keyOf(r, obj.metadata.namespace, obj.metadata.name!));
    return obj;
  }

  remove(obj: KObject): void {
    const r = byKind(obj.kind);
    this.objects.bucket(r.plural).delete(this.keyOf(r, obj.metadata.namespace, obj.metadata.name!));
    if (obj.kind === "Service" && this.state.serviceSeq)
      delete this.state.serviceSeq.byUid[obj.metadata.uid!];
    this.wrote(r.plural, true, this.keyOf(r, obj.metadata.namespace, obj.metadata.name!));
  }

  /** Records a core/v1 Event as kubelet and controllers do, folding repeats into a count. */
  recordEvent(
    involved: KObject,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    const ns = involved.metadata.namespace || "default";
    const ts = rfc3339(this.time());
    const key = `${involved.metadata.uid}\0${reason}\0${message}\0${fieldPath ?? ""}`;
    // Folding only ever matches this object's own events, which share one shard. Each shard
    // is indexed whole the first time one of its objects records an event, so a command that
    // starts thousands of pods reads each shard once rather than once per pod.
    const events = this.objects.bucket("events");
    const shardKey = `${ns}/${involved.metadata.name}.x`;
    const shard = events.shardOf(shardKey);
    if (!this.indexedEventShards.has(shard)) {
      this.indexedEventShards.add(shard);
      for (const e of events.shardList(shardKey)) {
        const io = e.involvedObject;
        this.eventIndex.set(`${io.uid}\0${e.reason}\0${e.message}\0${io.fieldPath ?? ""}`, e);
      }
    }
    const same = this.eventIndex.get(key);
    if (same) {
      same.count = (same.count ?? 1) + 1;
      same.lastTimestamp = ts;
      this.put(same);
      return;
    }
    const involvedObject: Record<string, unknown> = {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
    };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    if (!involved.metadata.namespace) delete involvedObject.namespace;
    // Event names are the object's name and the time in hex nanoseconds, as client-go makes
    // them; the sub-millisecond part counts up, so events of one moment keep their order.
    const nanos = BigInt(this.time()) * 1000000n + BigInt(this.state.resourceVersion % 1000000);
    const ev = this.insert({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${involved.metadata.name}.${nanos.toString(16)}`, namespace: ns },
      involvedObject,
      reason,
      message,
      source: source.host
        ? { component: source.component, host: source.host }
        : { component: source.component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? "",
    });
    this.eventIndex.set(key, ev);
  }

  /** Events about the object `name` in `ns`: one shard of the events bucket. */
  eventsOf(ns: string, name: string): KObject[] {
    const b = this.objects.bucket("events");
    const prefix = `${ns}/${name}.`;
    return b.shardList(`${ns}/${name}.x`).filter((e) => {
      const k = objectKey(e.metadata.namespace, e.metadata.name!);
      return k.startsWith(prefix) && !k.slice(prefix.length).includes(".");
    });
  }

  /** The controller ownerReference that makes `owner` the manager of a dependent. */
  static controllerRef(owner: KObject): OwnerReference {
    return {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name!,
      uid: owner.metadata.uid!,
      controller: true,
      blockOwnerDeletion: true,
    };
  }
}

function sortAndFilter(r: ResourceType, objs: KObject[], ns: string | undefined): KObject[] {
  const keyed = objs
    .filter((o) => ns === undefined || !r.namespaced || o.metadata.namespace === ns)
    .map((o) => [objectKey(o.metadata.namespace, o.metadata.name!), o] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map((x) => x[1]);
}

export function controllerOf(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}
