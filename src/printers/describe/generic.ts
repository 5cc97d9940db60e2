// kubectl's genericDescriber, for kinds without a describer of their own (ControllerRevision):
// name, namespace, labels and annotations, then every other field of the object as
// printUnstructuredContent walks it (keys sorted, names through smartLabelFor), then events.
import type { KObject } from "../../api/types.js";
import { formatG } from "../../golang/fmt.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { LEVEL_0, type PrefixWriter, tabbedString } from "./writer.js";

const ACRONYMS = new Set(["API", "URL", "UID", "OSB", "GUID"]);

function charClass(ch: string): number {
  if (/\p{Ll}/u.test(ch)) return 1;
  if (/\p{Lu}/u.test(ch)) return 2;
  if (/\p{Nd}/u.test(ch)) return 3;
  return 4;
}

/** fatih/camelcase Split: runs of one character class; an upper run's last letter starts a word. */
export function camelSplit(s: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const ch of s) {
    const cls = charClass(ch);
    if (cls === last) runs[runs.length - 1].push(ch);
    else runs.push([ch]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (charClass(runs[i][0]) === 2 && charClass(runs[i + 1][0]) === 1) {
      const moved = runs[i].pop();
      if (moved !== undefined) runs[i + 1].unshift(moved);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

/** smartLabelFor: "containerPort" → "Container Port", "uid" → "UID"; "$patch" stays as it is. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== "-")) return field;
  return camelSplit(field)
    .filter((p) => p !== "_")
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(" ");
}

/** %v of a decoded JSON scalar (numbers are float64). */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "number") return formatG(v);
  return String(v);
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: Set<string>,
): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printContent(w, level + 1, child, path, skip);
        else w.write(level + 1, `${scalar(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${scalar(value)}\n`);
    }
  }
}

const SKIP = new Set([
  ".metadata.managedFields",
  ".metadata.name",
  ".metadata.namespace",
  ".metadata.labels",
  ".metadata.annotations",
]);

export function describeGeneric(obj: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
    printContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, "", SKIP);
    describeEvents(events, w, now);
  });
}
