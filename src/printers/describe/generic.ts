// kubectl's generic describer (GenericDescriberFor), used for kinds without a describer of
// their own, such as Lease: name, namespace, labels and annotations, then every other field
// of the object in sorted order under smart labels ("leaseDurationSeconds" is "Lease
// Duration Seconds"), then the events.
import type { KObject } from "../../api/types.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { type PrefixWriter, tabbedString } from "./writer.js";

const SKIP = [".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];
const ACRONYMS = ["API", "URL", "UID", "OSB", "GUID"];

/** fatih/camelcase.Split: runs of one character class, an upper letter moved onto a lower run. */
function camelSplit(s: string): string[] {
  const cls = (ch: string) => (/\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4);
  const runs: string[] = [];
  let last = 0;
  for (const ch of s) {
    const k = cls(ch);
    if (runs.length && k === last) runs[runs.length - 1] += ch;
    else runs.push(ch);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i][0]) === 2 && cls(runs[i + 1][0]) === 1) {
      runs[i + 1] = runs[i].slice(-1) + runs[i + 1];
      runs[i] = runs[i].slice(0, -1);
    }
  }
  return runs.filter((r) => r !== "");
}

function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== "-")) return field;
  return camelSplit(field)
    .filter((p) => p !== "_")
    .map((p) =>
      ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1),
    )
    .join(" ");
}

function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  return String(v);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  const fields = Object.keys(content).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const field of fields) {
    const value = content[field];
    const expr = `${prefix}.${field}`;
    if (SKIP.includes(expr)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value, expr);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printContent(w, level + 1, child, expr);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export function describeGeneric(obj: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${obj.metadata.name ?? ""}\n`);
    w.write(0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
    printContent(w, 0, obj as unknown as Record<string, unknown>, "");
    describeEvents(events, w, now);
  });
}
