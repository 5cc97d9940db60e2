// What the event recorder folds a repeat into: an Event about the same object with the same
// reason, message and field, found among the events already stored about that object.
//
// An object's events live in one shard of the events bucket (they are named after it and
// sharded by that name), 512 events of some 500 objects. Only the object's own events that
// carry the new event's message are read: their keys are found by their prefix in the
// shard's file, without splitting it into its lines, and lines without the message are
// passed over unparsed. A ReplicaSet scaled up and down for a while holds hundreds of
// events (one per pod it created or deleted, each its own message), and parsing them all
// for every new one cost a scale at 100,000 pods some 30 ms.
import type { Event, KObject } from "../api/types.js";

/** The part of the events bucket the folds read. */
export interface EventShards {
  shardOf(key: string): number;
  shardKeysWithPrefix(key: string, prefix: string, containing?: string): string[];
  shardKeys(key: string): string[];
  get(key: string): KObject | undefined;
}

/** What makes a repeat: the object, reason, message and field path. */
export function foldKey(
  uid: string | undefined,
  reason: string,
  message: string,
  fieldPath?: string,
): string {
  return `${uid}\0${reason}\0${message}\0${fieldPath ?? ""}`;
}

/** Prefix searches of one events shard before its keys are grouped by object instead. */
const PREFIX_SEARCHES = 16;

export class EventFolds {
  private readonly byKey = new Map<string, Event>();
  /** Shards whose expired events were pruned in this process. */
  private readonly pruned = new Set<number>();
  /** The objects and messages whose stored events were read, `object\0message`. */
  private readonly read = new Set<string>();
  /** Per shard, the prefix searches made of it in this process. */
  private readonly searched = new Map<number, number>();
  /** Per shard searched more than PREFIX_SEARCHES times, its event keys by object ("ns/name"). */
  private readonly grouped = new Map<number, Map<string, string[]>>();

  /** `beforeRead`: prunes a shard's expired events, called once before its keys are grouped. */
  constructor(
    private readonly events: () => EventShards,
    private readonly beforeRead: (shardKey: string) => void,
  ) {}

  /** The stored event `key` would fold into, reading the object's events with its message the first time. */
  find(about: string, message: string, key: string): Event | undefined {
    const read = `${about}\0${message}`;
    if (!this.read.has(read)) {
      this.read.add(read);
      for (const e of this.eventsAbout(about, message)) {
        const io = e.involvedObject;
        this.byKey.set(foldKey(io.uid, e.reason ?? "", e.message ?? "", io.fieldPath), e);
      }
    }
    return this.byKey.get(key);
  }

  /** Notes an event just recorded, for repeats later in this process. */
  remember(key: string, e: Event): void {
    this.byKey.set(key, e);
  }

  private eventsAbout(about: string, message: string): Event[] {
    const b = this.events();
    const shardKey = `${about}.x`;
    const shard = b.shardOf(shardKey);
    if (!this.pruned.has(shard)) {
      this.pruned.add(shard);
      this.beforeRead(shardKey);
    }
    // An event is named "<object name>.<hex>", and object names may hold dots: "web.v2"'s
    // events begin "web." too.
    const mine = (k: string) => k.slice(0, k.lastIndexOf(".")) === about;
    // A command that records events about many objects of one shard (a build of thousands
    // of pods) groups the shard's keys once instead: each search also visits the entries
    // written in this process, and those are the whole shard in a build.
    let groups = this.grouped.get(shard);
    const searches = (this.searched.get(shard) ?? 0) + 1;
    if (!groups && searches > PREFIX_SEARCHES) {
      groups = new Map();
      for (const k of b.shardKeys(shardKey)) {
        const object = k.slice(0, k.lastIndexOf("."));
        const list = groups.get(object);
        if (list) list.push(k);
        else groups.set(object, [k]);
      }
      this.grouped.set(shard, groups);
    }
    if (groups) return (groups.get(about) ?? []).flatMap((k) => (b.get(k) as Event | undefined) ?? []);
    this.searched.set(shard, searches);
    return (
      b
        // The message as JSON writes it in the stored event's line.
        .shardKeysWithPrefix(shardKey, `${about}.`, `"message":${JSON.stringify(message)}`)
        .filter(mine)
        .flatMap((k) => (b.get(k) as Event | undefined) ?? [])
    );
  }
}
