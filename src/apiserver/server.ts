// The in-memory API server over one cluster state: typed CRUD, resourceVersions, uids,
// generation, and the events components record. Users' writes go through admission
// (strict decoding, defaulting, validation, allocation: see admit.ts); controllers write
// with put/remove, as they would through the API with their own service accounts.

import type { Draft, Event, KObject, OwnerReference } from "../api/types.js";
import { rfc3339 } from "../golang/time.js";
import type { ObjectStore } from "../store/objects.js";
import type { Rng } from "../util/rng.js";
import { clusterSubnets } from "../util/subnets.js";
import { generateJobSelector } from "./admission/strategy.js";
import { servedType } from "./crd/served.js";
import { forbiddenRequest, notFound } from "./errors.js";
import { eventDraft } from "./event-draft.js";
import { EventFolds, foldKey } from "./event-folds.js";
import { EVENT_TTL_MS, eventExpired } from "./eventttl.js";
import type { FieldRequirement } from "./fields.js";
import { DEPENDENTS, Indexes, type IndexSpec } from "./indexes.js";
import type { Selector } from "./labels.js";
import { renewedLease } from "./leases.js";
import { authorize, type UserInfo } from "./rbac/authorizer.js";
import { rbacObjectsOf } from "./rbac/objects.js";
import {
  allResources,
  bucketOf,
  CRDS,
  EVENTS,
  forgetCustomResources,
  isOf,
  LEASES,
  type ResourceType,
  serveCustomResources,
  typeOfObject,
} from "./resources.js";
import { forgetServiceNumber, moveLegacyServiceNumbers, numberService, serviceNumber } from "./serviceseq.js";
import type { ApiServerState } from "./state.js";

export function objectKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

/**
 * The name of an object the server is about to store or has stored. Admission refuses a
 * nameless object and insert names generated ones, so a missing name is a kubesim bug,
 * reported as such rather than stored under "undefined".
 */
function nameOf(obj: KObject): string {
  const name = obj.metadata.name;
  if (!name) throw new Error(`kubesim: a ${obj.kind} without a name reached the store`);
  return name;
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
    if (plural === CRDS.plural) forgetCustomResources();
    if (key !== undefined) this.changeLog.push(`${plural}/${key}`);
    this.writes.set(plural, (this.writes.get(plural) ?? 0) + 1);
    if (removal) this.writes.set("-removed", (this.writes.get("-removed") ?? 0) + 1);
  }
  /** The uid each removal in the change log took away, by its entry ("plural/key"). */
  private readonly removedUids = new Map<string, string>();
  /** The secondary indexes, kept in step with every write below. */
  private readonly indexes: Indexes;
  /** The stored events a new one may fold into (event-folds.ts). */
  private readonly folds = new EventFolds(
    () => this.objects.bucket("events"),
    (shardKey) => this.pruneEvents(EVENTS, shardKey),
  );
  /**
   * Event shards this process has dropped the expired events of (eventttl.ts), each with
   * the earliest expiry left in it then: a shard is pruned again only once that has passed.
   */
  private readonly prunedEventShards = new Map<number, number>();

  constructor(
    readonly state: ApiServerState,
    readonly objects: ObjectStore,
    readonly rng: Rng,
    /** Cluster time in ms of the step being simulated. */
    readonly time: () => number,
  ) {
    this.indexes = new Indexes(objects, () => allResources().map(bucketOf));
    // The kinds CRDs serve come from this server's stored CRDs, read on first need.
    serveCustomResources(() =>
      this.all(CRDS).flatMap((crd) => {
        const r = crd.metadata.deletionTimestamp ? undefined : servedType(crd);
        return r ? [r] : [];
      }),
    );
    // A state written before Services' numbers had their own bucket keeps them in meta.json.
    moveLegacyServiceNumbers(state, objects);
  }

  /** A Service's place in the creation order (undefined for one from before numbering). */
  serviceNumber(uid: string): number | undefined {
    return serviceNumber(this.state, this.objects, uid);
  }

  /** --service-cluster-ip-range: kind's networking.serviceSubnet (its default without a config). */
  get serviceCIDR(): string {
    return clusterSubnets(this.state.settings).serviceSubnet;
  }

  /**
   * Who the request being served runs as when it is not the learner's own kubernetes-admin
   * (kubectl --as): while set, each read and each write through admission is authorized
   * by RBAC first, as the apiserver's authorization filter does. Controllers never run
   * under it (the session sets it around the verb's own work only).
   */
  private requester?: UserInfo;

  /** The impersonated user of the request being served, if any. */
  get requestUser(): UserInfo | undefined {
    return this.requester;
  }

  /** Runs a verb's requests as `user` (none: as the cluster-admin learner, unchecked). */
  async actingAs<T>(user: UserInfo | undefined, fn: () => T | Promise<T>): Promise<T> {
    if (!user) return fn();
    this.requester = user;
    try {
      return await fn();
    } finally {
      this.requester = undefined;
    }
  }

  /** The server's own lookups while it serves an authorized request (admission, allocation). */
  internally<T>(fn: () => T): T {
    const user = this.requester;
    this.requester = undefined;
    try {
      return fn();
    } finally {
      this.requester = user;
    }
  }

  /** The authorization filter for one request; a refusal is the apiserver's Forbidden. */
  authorizeRequest(
    verb: string,
    r: ResourceType,
    ns: string | undefined,
    name?: string,
    subresource?: string,
  ): void {
    const user = this.requester;
    if (!user) return;
    const namespace = r.namespaced ? ns : undefined;
    const d = this.internally(() =>
      authorize(rbacObjectsOf(this), {
        user,
        verb,
        namespace,
        apiGroup: r.group,
        resource: r.plural,
        subresource,
        name,
      }),
    );
    if (!d.allowed) throw forbiddenRequest(user.name, verb, r, namespace, name, d.reason, subresource);
  }

  private keyOf(r: ResourceType, ns: string | undefined, name: string): string {
    return objectKey(r.namespaced ? ns : undefined, name);
  }

  // The store holds what admission let in, untyped; the descriptor says which shape it has.
  get<O extends KObject>(r: ResourceType<O>, ns: string | undefined, name: string): O | undefined {
    this.authorizeRequest("get", r, ns, name);
    const o = this.objects.bucket(bucketOf(r)).get(this.keyOf(r, ns, name)) as O | undefined;
    if (o && r.plural === "events" && eventExpired(o, this.time())) return undefined;
    return o && r.plural === "leases" ? this.renewed(o) : o;
  }

  /**
   * What of `objs` is still stored: an Event whose lease ran out is gone from every read
   * the moment it expires, though its shard keeps it until a write prunes the shard.
   */
  private live<O extends KObject>(r: ResourceType, objs: O[]): O[] {
    if (r.plural !== "events") return objs;
    const now = this.time();
    return objs.filter((o) => !eventExpired(o, now));
  }

  /** A lease the cluster renews itself, as of now (leases.ts). */
  private renewed<O extends KObject>(o: O): O {
    return isOf(o, LEASES) ? (renewedLease(o, this.time()) as KObject as O) : o;
  }

  mustGet<O extends KObject>(r: ResourceType<O>, ns: string | undefined, name: string): O {
    const o = this.get(r, ns, name);
    if (!o) throw notFound(r, name);
    return o;
  }

  /** Objects of a type in etcd order (namespace, then name); ns undefined = all namespaces. */
  list<O extends KObject>(r: ResourceType<O>, ns?: string): O[] {
    this.authorizeRequest("list", r, ns);
    const all = sortAndFilter(r, this.live(r, this.objects.bucket(bucketOf(r)).all() as O[]), ns);
    return r.plural === "leases" ? all.map((o) => this.renewed(o)) : all;
  }

  /**
   * The keys of a type's objects in list order (`ns/name`, or the name of a cluster-scoped
   * object), none of them parsed. Not for Events or Leases, whose reads filter and renew.
   */
  keys(r: ResourceType): string[] {
    if (r.plural === "events" || r.plural === "leases") throw new Error(`kubesim: keys() of ${r.plural}`);
    this.authorizeRequest("list", r, undefined);
    return this.objects.bucket(bucketOf(r)).keys().sort();
  }

  /** Unsorted iteration over full objects, for controllers, where order does not matter. */
  all<O extends KObject>(r: ResourceType<O>): O[] {
    return this.live(r, this.objects.bucket(bucketOf(r)).all() as O[]);
  }

  /**
   * Like list, but pods come as their summaries (storage.ts): enough for tables, selectors
   * and scans, and far cheaper to read. Never write a summary back.
   */
  listSummaries<O extends KObject>(r: ResourceType<O>, ns?: string): O[] {
    this.authorizeRequest("list", r, ns);
    const all = sortAndFilter(r, this.live(r, this.objects.bucket(bucketOf(r)).summaryList() as O[]), ns);
    return r.plural === "leases" ? all.map((o) => this.renewed(o)) : all;
  }

  /** Unsorted summaries, for controllers' scans. */
  summaries<O extends KObject>(r: ResourceType<O>): O[] {
    return this.live(r, this.objects.bucket(bucketOf(r)).summaryList() as O[]);
  }

  /**
   * The objects an index lists under `value` (indexes.ts), sorted by key; pods come as
   * their summaries. Reads only the index record and those objects' shards.
   */
  indexed<O extends KObject>(r: ResourceType<O>, ix: IndexSpec, value: string, whole = false): O[] {
    const b = this.objects.bucket(bucketOf(r));
    const out: O[] = [];
    for (const key of this.indexes.keys(ix, value)) {
      const o = (whole ? b.get(key) : b.summary(key)) as O | undefined;
      if (o) out.push(o);
    }
    return this.live(r, out);
  }

  /**
   * The objects of a type that may match a label selector and field requirements, sorted
   * as list() sorts, for the caller to filter: when an index answers one of the
   * requirements (pods: an equality on a label, spec.nodeName), only the objects it names
   * are read; otherwise the whole type is (as list or listSummaries). Summaries come back
   * unless `whole`.
   */
  candidates<O extends KObject>(
    r: ResourceType<O>,
    ns: string | undefined,
    sel: Selector,
    fields: FieldRequirement[],
    whole: boolean,
  ): O[] {
    const keys =
      r.plural === "pods"
        ? this.indexes.podKeys(ns, sel, fields, () => namesOf(this.objects.bucket("namespaces").all()))
        : undefined;
    if (!keys) return whole ? this.list(r, ns) : this.listSummaries(r, ns);
    this.authorizeRequest("list", r, ns);
    const b = this.objects.bucket(bucketOf(r));
    const out: O[] = [];
    for (const key of [...keys].sort()) {
      const o = (whole ? b.get(key) : b.summary(key)) as O | undefined;
      if (o && (ns === undefined || o.metadata.namespace === ns)) out.push(o);
    }
    return out;
  }

  /** A stamped index's stamp for `value` (indexes.ts): it changes whenever its members do. */
  indexStamp(ix: IndexSpec, value: string): number {
    return this.indexes.stamp(ix, value);
  }

  /** The keys an index lists under `value`, sorted. */
  indexKeys(ix: IndexSpec, value: string): string[] {
    return this.indexes.keys(ix, value);
  }

  /** The values an object of `r` is indexed under now and was before this process moved it. */
  indexValues(ix: IndexSpec, key: string): { now: readonly string[]; former: readonly string[] } {
    return { now: this.indexes.valuesOf(ix, key), former: this.indexes.formerValuesOf(ix, key) };
  }

  nextResourceVersion(): string {
    this.state.resourceVersion += 1;
    return String(this.state.resourceVersion);
  }

  /**
   * Stamps server-set metadata on a new object and stores it (no admission). `rng` names it
   * and gives its uid: the cluster's own unless a component keeps its draws apart.
   */
  insert<O extends KObject = KObject>(draft: Draft<O>, rng: Rng = this.rng): O {
    // Naming and the uid below turn the draft into the stored shape.
    const obj = draft as O;
    const r = typeOfObject(obj);
    const m = obj.metadata;
    if (!m.name && m.generateName) m.name = m.generateName + rng.name(5);
    m.uid = rng.uuid();
    m.resourceVersion = this.nextResourceVersion();
    m.creationTimestamp = rfc3339(this.time());
    if (
      ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "EndpointSlice", "Job", "CronJob"].includes(
        obj.kind,
      )
    )
      m.generation = 1;
    if (obj.kind === "Job") generateJobSelector(obj);
    if (obj.kind === "Service") numberService(this.state, this.objects, m.uid);
    const key = this.keyOf(r, m.namespace, nameOf(obj));
    this.pruneEvents(r, key);
    this.objects.bucket(bucketOf(r)).set(key, obj);
    this.keepIndexes(bucketOf(r), key, obj);
    this.wrote(bucketOf(r), false, key);
    return obj;
  }

  /** Stores a changed object under a new resourceVersion. */
  put<O extends KObject>(obj: O): O {
    const r = typeOfObject(obj);
    obj.metadata.resourceVersion = this.nextResourceVersion();
    const key = this.keyOf(r, obj.metadata.namespace, nameOf(obj));
    this.pruneEvents(r, key);
    this.objects.bucket(bucketOf(r)).set(key, obj);
    this.keepIndexes(bucketOf(r), key, obj);
    this.wrote(bucketOf(r), false, key);
    return obj;
  }

  remove(obj: KObject): void {
    const r = typeOfObject(obj);
    const key = this.keyOf(r, obj.metadata.namespace, nameOf(obj));
    this.pruneEvents(r, key);
    this.objects.bucket(bucketOf(r)).delete(key);
    this.keepIndexes(bucketOf(r), key, undefined);
    const uid = obj.metadata.uid;
    if (uid) this.removedUids.set(`${bucketOf(r)}/${key}`, uid);
    if (obj.kind === "Service" && uid) forgetServiceNumber(this.state, this.objects, uid);
    this.wrote(bucketOf(r), true, key);
  }

  /**
   * Keeps the indexes in step with a write; a change to the owners an object names counts
   * as a write of "-owners" (the garbage collector's news besides removals).
   */
  private keepIndexes(plural: string, key: string, obj: KObject | undefined): void {
    if (this.indexes.update(plural, key, obj).includes(DEPENDENTS.bucket))
      this.writes.set("-owners", (this.writes.get("-owners") ?? 0) + 1);
  }

  /** The uid of the object a change-log entry ("plural/key") removed, if this process removed one there. */
  removedUid(entry: string): string | undefined {
    return this.removedUids.get(entry);
  }

  /**
   * Before the first write of this process to a shard of events, the events in it whose
   * lease ran out are dropped: the shard is read and rewritten by that write anyway, so
   * expiry costs nothing extra and no command scans every event.
   */
  private pruneEvents(r: ResourceType, key: string): void {
    if (r.plural !== "events") return;
    const b = this.objects.bucket("events");
    const shard = b.shardOf(key);
    const now = this.time();
    const next = this.prunedEventShards.get(shard);
    if (next !== undefined && next > now) return;
    const pruned = b.expireShardOf(key, now);
    // An event written from now on lives an hour at least.
    this.prunedEventShards.set(shard, pruned.next || now + EVENT_TTL_MS);
    if (pruned.gone.length) this.changed = true;
  }

  /**
   * Drops expired events beyond the shards this command wrote (run before a write is
   * persisted): shards whose events have all expired go unread, and `budget` shards with
   * some expired events are pruned, so the state shrinks as the hours pass at a small,
   * bounded cost per command.
   */
  compactEvents(budget = 4): void {
    if (this.objects.bucket("events").expire(this.time(), budget)) this.changed = true;
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
    const key = foldKey(involved.metadata.uid, reason, message, fieldPath);
    const same = this.folds.find(`${ns}/${involved.metadata.name}`, message, key);
    // An expired event is gone: a repeat after it starts a new one, as the recorder's patch
    // of a missing event falls back to creating it.
    if (same && !eventExpired(same, this.time())) {
      same.count = (same.count ?? 1) + 1;
      same.lastTimestamp = ts;
      this.put(same);
      return;
    }
    // Event names are the object's name and the time in hex nanoseconds, as client-go makes
    // them; the sub-millisecond part counts up, so events of one moment keep their order.
    const nanos = BigInt(this.time()) * 1000000n + BigInt(this.state.resourceVersion % 1000000);
    const ev = this.insert<Event>(
      eventDraft(involved, { type, reason, message, source, fieldPath }, ts, nanos),
    );
    this.folds.remember(key, ev);
  }

  /** Events about the object `name` in `ns`: one shard of the events bucket. */
  eventsOf(ns: string, name: string): Event[] {
    const prefix = `${ns}/${name}.`;
    return this.eventsNear(ns, name).filter((e) => {
      const k = objectKey(e.metadata.namespace, nameOf(e));
      return k.startsWith(prefix) && !k.slice(prefix.length).includes(".");
    });
  }

  /**
   * The live events of the shard that holds the events about `name` in `ns` (events are
   * named after their object, and sharded by that name): the caller picks its object's by
   * involvedObject, as describe does, reading one shard rather than every event.
   */
  eventsNear(ns: string, name: string): Event[] {
    return this.live(EVENTS, this.objects.bucket("events").shardList(`${ns}/${name}.x`) as Event[]);
  }

  /** The controller ownerReference that makes `owner` the manager of a dependent. */
  static controllerRef(owner: KObject): OwnerReference {
    // Only a stored object (named, with a uid) can own another.
    const uid = owner.metadata.uid;
    if (!uid)
      throw new Error(`kubesim: ${owner.kind} ${owner.metadata.name} owns objects before it is stored`);
    return {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: nameOf(owner),
      uid,
      controller: true,
      blockOwnerDeletion: true,
    };
  }
}

function sortAndFilter<O extends KObject>(r: ResourceType, objs: O[], ns: string | undefined): O[] {
  const keyed = objs
    .filter((o) => ns === undefined || !r.namespaced || o.metadata.namespace === ns)
    .map((o) => [objectKey(o.metadata.namespace, nameOf(o)), o] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map((x) => x[1]);
}

function namesOf(objs: KObject[]): string[] {
  return objs.map((o) => String(o.metadata.name));
}

export function controllerOf(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}
