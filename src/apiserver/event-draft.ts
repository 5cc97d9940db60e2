// The Event a component records about an object, as client-go's recorder makes it: the
// involved object's reference, the source, first and last timestamps, and a name made of
// the object's name and the time in hex nanoseconds.
import type { ObjectReference } from "kubernetes-types/core/v1";
import type { Draft, Event, KObject } from "../api/types.js";

export interface EventFacts {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  source: { component: string; host?: string };
  fieldPath?: string;
}

/** A new Event about `involved` at `ts` (RFC 3339), named with `nanos`. */
export function eventDraft(involved: KObject, f: EventFacts, ts: string, nanos: bigint): Draft<Event> {
  const involvedObject: ObjectReference = {
    kind: involved.kind,
    namespace: involved.metadata.namespace,
    name: involved.metadata.name,
    uid: involved.metadata.uid,
    apiVersion: involved.apiVersion,
    resourceVersion: involved.metadata.resourceVersion,
  };
  if (f.fieldPath) involvedObject.fieldPath = f.fieldPath;
  if (!involved.metadata.namespace) delete involvedObject.namespace;
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${involved.metadata.name}.${nanos.toString(16)}`,
      namespace: involved.metadata.namespace || "default",
    },
    involvedObject,
    reason: f.reason,
    message: f.message,
    source: f.source.host
      ? { component: f.source.component, host: f.source.host }
      : { component: f.source.component },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    type: f.type,
    eventTime: null,
    reportingComponent: f.source.component,
    reportingInstance: f.source.host ?? "",
  } as Draft<Event>;
}
