// Reading `-f` arguments the way kubectl's resource builder does (cli-runtime
// builder.go, visitor.go and apimachinery's YAMLOrJSONDecoder): paths, globs, directories,
// stdin, multi-document YAML, JSON streams and Lists, with kubectl's error texts.
//
// kubectl keeps going after most errors: a broken document stops only the file it is in,
// and the errors are printed together at the end, after the objects that did load were
// acted on. visitManifests() returns documents and problems interleaved in that order for
// commands that need it; readManifests() is the all-or-nothing variant.

import { quote } from "../golang/strconv.js";
import { checkDepth, NestingTooDeepError, YamlToJsonError, yamlToJson } from "../golang/yaml/decode.js";
import { JsonStreamError, readJsonStream } from "../golang/yaml/jsonstream.js";
import { marshalCompact } from "../printers/json.js";
import { InputTooLargeError } from "./input-limit.js";
import { isObject, jsonKind, objectMetaError, validationError } from "./manifest-checks.js";
import {
  decodeBytes,
  EXTENSIONS,
  exists,
  fsMessage,
  glob,
  splitFilenameFlag,
  walk,
} from "./manifest-paths.js";
import { hostFiles, type UserFiles } from "./userfiles.js";
import { readURL } from "./well-known-manifests.js";

export { FilenameFlagError, splitFilenameFlag } from "./manifest-paths.js";

export interface ManifestDoc {
  /** The file path as kubectl names it (directory entries are joined to the directory), or "STDIN". */
  source: string;
  /** Position of the object among those read from `source`, counting List items. */
  index: number;
  obj: Record<string, unknown>;
}

/** One error as kubectl reports it. */
export interface ManifestProblem {
  /** The text kubectl prints for this problem when there are others. */
  message: string;
  /** The file (or "STDIN") the problem was found in; absent for problems with the arguments. */
  source?: string;
  /**
   * The unusable items of a List. kubectl gathers them into one aggregate error: printed
   * alone, one line per item and without "error: "; among other errors, as one `[a, b]`
   * line (which is `message`).
   */
  listErrors?: string[];
}

export type ManifestEntry = { doc: ManifestDoc } | { problem: ManifestProblem };

export interface ReadOptions {
  recursive: boolean;
  stdin: () => string;
  /** --validate (default true): the client-side apiVersion/kind checks. */
  validate?: boolean;
  /** Where paths are read: the host's files unless the command runs in a node shell. */
  files?: UserFiles;
}

/** kubectl's rendering of a batch of errors on stderr (no trailing newline). */
export function formatProblems(problems: ManifestProblem[]): string {
  if (problems.length === 1) {
    const [p] = problems;
    if (p.listErrors) return p.listErrors.join("\n");
    // A url.Error reaches kubectl's CheckErr as is: "Unable to connect to the server: ...".
    return p.message.startsWith("error: ") || p.message.startsWith("Unable to connect to the server: ")
      ? p.message
      : `error: ${p.message}`;
  }
  return problems.map((p) => p.message).join("\n");
}

/** utilerrors.Aggregate.Error(): one message, or the distinct messages in brackets. */
function aggregateMessage(errs: string[]): string {
  const distinct = [...new Set(errs)];
  return distinct.length === 1 ? distinct[0] : `[${distinct.join(", ")}]`;
}

export class ManifestError extends Error {
  constructor(
    readonly problems: ManifestProblem[],
    /** Objects that did load; kubectl acts on these before printing the errors. */
    readonly docs: ManifestDoc[] = [],
  ) {
    super(formatProblems(problems));
    this.name = "ManifestError";
  }
}

interface Source {
  name: string;
  read: () => string;
}

function collectSources(paths: string[], opts: ReadOptions): Source[] {
  const sources: Source[] = [];
  const errs: string[] = [];
  const fs = opts.files ?? hostFiles;
  let stdinUsed = false;
  for (const p of paths.flatMap(splitFilenameFlag)) {
    if (p === "-") {
      if (stdinUsed) errs.push("standard input cannot be used for multiple arguments");
      stdinUsed = true;
      sources.push({ name: "STDIN", read: () => decodeBytes(Buffer.from(opts.stdin(), "utf8")) });
      continue;
    }
    if (/^https?:\/\//.test(p)) {
      sources.push({
        name: p,
        read: () => readURL(p),
      });
      continue;
    }
    let matches = [p];
    if (!exists(p, fs)) {
      try {
        matches = glob(p, fs);
      } catch {
        errs.push(`pattern ${quote(p)} is not valid: syntax error in pattern`);
        continue;
      }
      if (matches.length === 0) {
        errs.push(`the path ${quote(p)} does not exist`);
        continue;
      }
    }
    for (const m of matches) {
      if (!exists(m, fs)) {
        errs.push(`the path ${quote(m)} does not exist`);
        continue;
      }
      const files: string[] = [];
      try {
        walk(m, opts.recursive, files, fs);
      } catch (e) {
        errs.push(`error reading ${quote(m)}: ${(e as Error).message}`);
      }
      for (const f of files) {
        sources.push({
          name: f,
          read: () => {
            try {
              return decodeBytes(fs.readFile(f));
            } catch (e) {
              if (e instanceof InputTooLargeError) throw e;
              throw new Error(fsMessage(e, "open", f));
            }
          },
        });
      }
    }
    if (sources.length === 0 && errs.length === 0) {
      errs.push(
        `error reading [${matches.join(" ")}]: recognized file extensions are [${EXTENSIONS.join(" ")}]`,
      );
    }
  }
  if (errs.length > 0) throw new ManifestError(errs.map((message) => ({ message })));
  return sources;
}

// ---- documents ----------------------------------------------------------------------------

/** Go's unicode.IsSpace, which kubectl uses to sniff a JSON stream. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

class StreamReader {
  private index = 0;
  private stopped = false;

  constructor(
    private readonly source: string,
    private readonly validate: boolean,
    private readonly out: ManifestEntry[],
  ) {}

  private problem(message: string): void {
    this.out.push({ problem: { message, source: this.source } });
  }
  private doc(obj: Record<string, unknown>): void {
    this.out.push({ doc: { source: this.source, index: this.index++, obj } });
  }

  read(text: string): void {
    // Like kubectl, sniff only the first 4 KiB for a leading "{".
    const head = Buffer.from(text, "utf8").subarray(0, 4096).toString("utf8");
    if (head.replace(GO_SPACE, "").startsWith("{")) {
      try {
        readJsonStream(text, (raw) => {
          if (raw === "null") return !this.stopped;
          const value = JSON.parse(raw);
          checkDepth(value);
          this.value(value, raw);
          return !this.stopped;
        });
      } catch (e) {
        if (!(e instanceof JsonStreamError) && !(e instanceof NestingTooDeepError)) throw e;
        this.problem(`error parsing ${this.source}: ${e.message}`);
      }
      return;
    }
    for (const chunk of yamlChunks(text)) {
      if (this.stopped) return;
      if (chunk.error) {
        this.problem(`error parsing ${this.source}: ${chunk.error}`);
        return;
      }
      let value: unknown;
      try {
        value = yamlToJson(chunk.text);
      } catch (e) {
        if (!(e instanceof YamlToJsonError)) throw e;
        const stage = e instanceof NestingTooDeepError ? "" : "error converting YAML to JSON: ";
        this.problem(`error parsing ${this.source}: ${stage}${e.message}`);
        return;
      }
      if (value !== null) this.value(value, undefined);
    }
  }

  private value(value: unknown, raw: string | undefined): void {
    const src = quote(this.source);
    const invalid = this.validate ? validationError(value) : undefined;
    if (invalid) {
      this.stopped = true;
      this.problem(
        `error validating ${src}: error validating data: ${invalid}; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
      return;
    }
    const why = decodeError(value, raw);
    if (why) this.problem(`unable to decode ${src}: ${why}`);
    else if (Object.hasOwn(value as object, "items")) this.flatten(value as Record<string, unknown>);
    else this.doc(value as Record<string, unknown>);
  }

  /** kubectl's FlattenListVisitor; a List nested in a List is an error, as in kubectl. */
  private flatten(list: Record<string, unknown>): void {
    const str = (v: unknown) => (typeof v === "string" ? v : "");
    const itemKind = str(list.kind).replace(/List$/, "");
    const top = ((list.items as unknown[] | null) ?? []).map((i) => {
      const item = isObject(i) ? i : {};
      if (str(item.kind) === "" && str(item.apiVersion) === "") {
        item.kind = itemKind;
        item.apiVersion = list.apiVersion;
      }
      return item;
    });
    if (top.some((i) => Array.isArray(i.items))) {
      this.problem("*unstructured.Unstructured is not a list: no Items field in this object");
      return;
    }
    const why = 'unable to get type info from the object "*unstructured.Unstructured"';
    const errs: string[] = [];
    for (const item of top) {
      if (kindOf(item) === "") errs.push(`${why}: Object 'Kind' is missing in 'object has no kind field '`);
      else if (str(item.apiVersion) === "") {
        errs.push(`${why}: Object 'apiVersion' is missing in 'object has no apiVersion field'`);
      } else this.doc(item);
    }
    if (errs.length > 0) {
      this.out.push({ problem: { message: aggregateMessage(errs), source: this.source, listErrors: errs } });
    }
  }
}

/** Why the unstructured decoder (plus its metadata check) rejects a document, if it does. */
function decodeError(value: unknown, raw: string | undefined): string | undefined {
  if (!isObject(value))
    return `json: cannot unmarshal ${jsonKind(value)} into Go value of type unstructured.detector`;
  if (Object.hasOwn(value, "items")) {
    // Any document with "items" is decoded as a list, whatever its kind.
    const items = value.items;
    if (items !== null && !Array.isArray(items)) {
      return `json: cannot unmarshal ${jsonKind(items)} into Go struct field decodeList.items of type []json.RawMessage`;
    }
    const bad = (items ?? []).find((i: unknown) => i !== null && !isObject(i));
    if (bad !== undefined)
      return `json: cannot unmarshal ${jsonKind(bad)} into Go value of type map[string]interface {}`;
  }
  if (kindOf(value) === "") return `Object 'Kind' is missing in '${raw ?? marshalCompact(value)}'`;
  return objectMetaError(value);
}

/** Unstructured.GroupVersionKind().Kind: empty when apiVersion cannot be parsed. */
function kindOf(obj: Record<string, unknown>): string {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion === "string" && apiVersion.split("/").length > 2) return "";
  return typeof kind === "string" ? kind : "";
}

/** apimachinery's YAMLReader: documents split on lines starting with "---". */
function* yamlChunks(text: string): Generator<{ text: string; error?: string }> {
  // bufio.ReadLine drops "\n" and "\r\n"; the reader then adds "\n" back to every line.
  const lines = text
    .split("\n")
    .map((l, i, all) => (i < all.length - 1 && l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === "") lines.pop();
  let buffer = "";
  for (const line of lines) {
    if (line.startsWith("---")) {
      const rest = line
        .slice(3)
        .replace(GO_SPACE, "")
        .replace(/[\t\n\v\f\r \u0085\u00a0]+$/, "");
      if (rest !== "" && !rest.startsWith("#")) {
        yield { text: "", error: `invalid Yaml document separator: ${rest}` };
        return;
      }
      if (buffer !== "") {
        yield { text: buffer };
        buffer = "";
        continue;
      }
    }
    buffer += `${line}\n`;
  }
  if (buffer !== "") yield { text: buffer };
}

// ---- API ------------------------------------------------------------------------------------

/**
 * Read every `-f` value in kubectl's order (a value may list several paths, `a.yaml,b.yaml`).
 * Documents and per-file problems come back interleaved as kubectl meets them; problems that
 * stop kubectl before it reads anything (a missing path, stdin given twice, a directory
 * without manifests) throw ManifestError, and a value pflag cannot parse throws
 * FilenameFlagError.
 */
export function visitManifests(paths: string[], opts: ReadOptions): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  for (const src of collectSources(paths, opts)) {
    let text: string;
    try {
      text = src.read();
    } catch (e) {
      out.push({ problem: { message: (e as Error).message, source: src.name } });
      continue;
    }
    new StreamReader(src.name, opts.validate ?? true, out).read(text);
  }
  return out;
}

/** All objects from the `-f` arguments, or a ManifestError carrying kubectl's full stderr text. */
export function readManifests(paths: string[], opts: ReadOptions): ManifestDoc[] {
  const entries = visitManifests(paths, opts);
  const docs = entries.flatMap((e) => ("doc" in e ? [e.doc] : []));
  const problems = entries.flatMap((e) => ("problem" in e ? [e.problem] : []));
  if (problems.length > 0) throw new ManifestError(problems, docs);
  return docs;
}
