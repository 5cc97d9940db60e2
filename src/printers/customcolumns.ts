// kubectl's `-o custom-columns=SPEC` and `-o custom-columns-file=FILE` printer: a header row,
// then one row per object, each cell the column's JSONPath results joined with ",", run
// through kubectl's tabwriter.

import { findJsonPathResults, goValue, JsonPathError, parseJsonPath } from "./jsonpath.js";

export interface Column {
  readonly header: string;
  /** A full JSONPath template, already relaxed ("{.metadata.name}"). */
  readonly fieldSpec: string;
}

const FILE_FORMAT =
  "Expected format is one line of space separated headers, one line of space separated column specs.";

/**
 * kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become
 * `{.a.b}`; "" stays "" (a column that is always <none>).
 */
export function relaxedJsonPathExpression(expr: string): string {
  if (expr === "") return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) {
    throw new JsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${m[1] ?? m[2]}}`;
}

/** Parses `HEADER:PATH,HEADER:PATH`; throws JsonPathError with kubectl's text. */
export function parseCustomColumnsSpec(spec: string): Column[] {
  if (spec === "") throw new JsonPathError("custom-columns format specified but no custom columns given");
  return spec.split(",").map((part) => {
    const colon = part.indexOf(":");
    if (colon < 0) {
      throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    return { header: part.slice(0, colon), fieldSpec: relaxedJsonPathExpression(part.slice(colon + 1)) };
  });
}

/**
 * Parses a custom-columns file: a line of headers, then a line of paths, both split on
 * whitespace; further lines are ignored.
 */
export function parseCustomColumnsFile(text: string): Column[] {
  // bufio.Scanner's lines: split on "\n", drop one "\r" before it, no empty last line.
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  if (text.endsWith("\n")) lines.pop();
  if (text === "" || lines.length < 1)
    throw new JsonPathError(`invalid template, missing header line. ${FILE_FORMAT}`);
  if (lines.length < 2) throw new JsonPathError(`invalid template, missing spec line. ${FILE_FORMAT}`);
  const words = (l: string) => l.split(/[\s\u0085]+/u).filter((w) => w !== "");
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) {
    throw new JsonPathError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    );
  }
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPathExpression(specs[i]) }));
}

/**
 * Prints the objects (the items of a list get, or the one object of a single get) under
 * the columns. The header comes first, even for no objects; a template that fails to parse
 * or run throws JsonPathError whose `stdout` holds the rows kubectl had already printed.
 */
export function printCustomColumns(
  columns: readonly Column[],
  objects: readonly unknown[],
  opts: { noHeaders?: boolean } = {},
): string {
  const rows: string[] = [];
  if (!opts.noHeaders) rows.push(columns.map((c) => c.header).join("\t"));
  try {
    const templates = columns.map((c) => parseJsonPath(c.fieldSpec));
    for (const obj of objects) {
      const cells = templates.map((tpl) => {
        const results = findJsonPathResults(tpl, obj, { allowMissingKeys: true });
        const values = results.flat().map(goValue);
        // "<none>" when the first result list is empty; any later results still follow it.
        if (results.length === 0 || results[0].length === 0) values.unshift("<none>");
        return values.join(",");
      });
      rows.push(cells.join("\t"));
    }
  } catch (e) {
    if (e instanceof JsonPathError) e.stdout = goTabwrite(rows.map((r) => `${r}\n`).join(""));
    throw e;
  }
  return goTabwrite(rows.map((r) => `${r}\n`).join(""));
}

/** `kubectl get -o custom-columns=SPEC [--no-headers]`. */
export function customColumns(
  spec: string,
  objects: readonly unknown[],
  opts: { noHeaders?: boolean } = {},
): string {
  return printCustomColumns(parseCustomColumnsSpec(spec), objects, opts);
}

/**
 * kubectl's tabwriter (minwidth 6, padding 3, RememberWidths) applied to the text it was
 * given. Unlike tabwrite() in tabwriter.ts this keeps Go's rules for cells that contain
 * tabs or newlines, which custom-columns values can: a column's width is set per block of
 * consecutive lines that have that column, and a line without tabs flushes the writer.
 */
export function goTabwrite(text: string, minWidth = 6, padding = 3): string {
  const lines = text.split("\n").map((l) => l.split("\t"));
  const remembered: number[] = [];
  let out = "";
  let pending: string[][] = [];
  const flush = (last: boolean) => {
    out += formatBlock(pending, [], minWidth, padding, remembered, last);
    pending = [];
  };
  lines.forEach((cells, i) => {
    pending.push(cells);
    if (i === lines.length - 1) flush(true);
    else if (cells.length === 1) flush(false);
  });
  return out;
}

/** Go's tabwriter.format: widths of the columns left of `widths.length` are already known. */
function formatBlock(
  lines: string[][],
  widths: number[],
  minWidth: number,
  padding: number,
  remembered: number[],
  endsText: boolean,
): string {
  let out = "";
  const column = widths.length;
  let line0 = 0;
  const write = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      out += cells
        .map((c, j) => (j < widths.length ? c + " ".repeat(Math.max(0, widths[j] - runeCount(c))) : c))
        .join("");
      if (!(endsText && i === lines.length - 1)) out += "\n";
    }
  };
  for (let t = 0; t < lines.length; t++) {
    if (column >= lines[t].length - 1) continue;
    write(line0, t);
    line0 = t;
    let width = minWidth;
    for (; t < lines.length && column < lines[t].length - 1; t++) {
      width = Math.max(width, runeCount(lines[t][column]) + padding);
    }
    // RememberWidths (kubectl's tabwriter fork): a column never gets narrower after a flush.
    width = Math.max(width, remembered[column] ?? 0);
    remembered[column] = width;
    const inner = lines.slice(line0, t);
    out += formatBlock(
      inner,
      [...widths, width],
      minWidth,
      padding,
      remembered,
      endsText && t === lines.length,
    );
    line0 = t;
    t--;
  }
  write(line0, lines.length);
  return out;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
