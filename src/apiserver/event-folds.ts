// What the event recorder folds a repeat into: an Event about the same object with the same
// reason, message and field, found among the events already stored about that object.
//
// An object's events live in one shard of the events bucket (they are named after it and
// sharded by that name), 512 events of some 500 objects. Only the object's own are parsed:
// the shard's keys are grouped by the object they name once per command, without parsing
// any event. Parsing the whole shard cost each new pod's first event some 5 ms at 100,000
// pods.
import type { Event, KObject } from "../api/types.js";

/** The part of the events bucket the folds read. */
export interface EventShards {
  shardOf(key: string): number;
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

export class EventFolds {
  private readonly byKey = new Map<string, Event>();
  /** Per shard read, its event keys by the object they are about ("ns/name"). */
  private readonly grouped = new Map<number, Map<string, string[]>>();
  private readonly objectsRead = new Set<string>();

  /** `beforeRead`: prunes a shard's expired events, called once before its keys are grouped. */
  constructor(
    private readonly events: () => EventShards,
    private readonly beforeRead: (shardKey: string) => void,
  ) {}

  /** The stored event `key` would fold into, reading the object's events the first time. */
  find(about: string, key: string): Event | undefined {
    if (!this.objectsRead.has(about)) {
      this.objectsRead.add(about);
      for (const e of this.eventsAbout(about)) {
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

  private eventsAbout(about: string): Event[] {
    const b = this.events();
    const shardKey = `${about}.x`;
    const shard = b.shardOf(shardKey);
    let groups = this.grouped.get(shard);
    if (!groups) {
      this.beforeRead(shardKey);
      groups = new Map();
      // An event is named "<object name>.<hex>"; the shard holds it by "ns/<that name>".
      for (const k of b.shardKeys(shardKey)) {
        const object = k.slice(0, k.lastIndexOf("."));
        const list = groups.get(object);
        if (list) list.push(k);
        else groups.set(object, [k]);
      }
      this.grouped.set(shard, groups);
    }
    return (groups.get(about) ?? []).flatMap((k) => (b.get(k) as Event | undefined) ?? []);
  }
}
