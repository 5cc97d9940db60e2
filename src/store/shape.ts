// A state file that parses as JSON can still lack what the simulation reads (edited by hand,
// written by another tool, cut short by a full disk). Checked once after reading, such a
// state is reported like any unreadable one, with its path and the missing field, instead
// of failing later deep in a controller with a JavaScript TypeError.
import type { ClusterState } from "./state.js";
import { StoreError } from "./store.js";

type Kind = "number" | "string" | "boolean" | "object" | "array" | "number|null";

const WHAT: Record<Kind, string> = {
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  "number|null": "a number or null",
};

/** The fields every command may read, and what each must be. */
const REQUIRED: [string, Kind][] = [
  ["name", "string"],
  ["seed", "number"],
  ["rng", "number"],
  ["createdAt", "number"],
  ["clock", "object"],
  ["clock.offsetMs", "number"],
  ["settings", "object"],
  ["settings.nodes", "number"],
  ["settings.timeScale", "number"],
  ["settings.loadBalancer", "boolean"],
  ["resourceVersion", "number"],
  ["catalog", "object"],
  ["generation", "number"],
  ["garbage", "array"],
  ["ipam", "object"],
  ["images", "object"],
  ["runtime", "object"],
  ["pods", "object"],
  ["nextWake", "number|null"],
];

/** The fields every state has, for tests that take one away. */
export const REQUIRED_FIELDS = REQUIRED.map(([field]) => field);

/** Fields older states may lack; when present they must be objects. */
const OPTIONAL = ["podIPs", "formerPodIPs", "lbPending", "controllerTimers", "serviceSeq", "affinity"];

function is(v: unknown, kind: Kind): boolean {
  if (kind === "array") return Array.isArray(v);
  if (kind === "object") return typeof v === "object" && v !== null && !Array.isArray(v);
  if (kind === "number|null") return v === null || typeof v === "number";
  return typeof v === kind;
}

function at(state: unknown, dotted: string): unknown {
  let v: any = state;
  for (const k of dotted.split(".")) v = v?.[k];
  return v;
}

/** What is wrong with a parsed state, or undefined when it has every field the simulation reads. */
export function stateProblem(state: unknown): string | undefined {
  for (const [field, kind] of REQUIRED) {
    const v = at(state, field);
    if (v === undefined) return `field "${field}" is missing`;
    if (!is(v, kind)) return `field "${field}" is not ${WHAT[kind]}`;
  }
  for (const field of OPTIONAL) {
    const v = at(state, field);
    if (v !== undefined && !is(v, "object")) return `field "${field}" is not an object`;
  }
  return undefined;
}

/** Throws the store's "unreadable" error for a state that lacks what the simulation reads. */
export function checkStateShape(name: string, file: string, state: ClusterState): void {
  const why = stateProblem(state);
  if (!why) return;
  throw new StoreError(
    `error: the state of cluster "${name}" in ${file} is unreadable (${why}).\n` +
      `kubesim leaves it as it is. To start over: kubesim cluster delete ${name} && kubesim cluster create ${name}`,
  );
}
