// One shard file's objects, parsed one entry at a time. A command that reads one pod from a
// shard of 128 used to parse all 128 (and collect them again): at 100,000 pods a label
// write read some 7 MB of shards and spent a third of its time in JSON.parse and the
// garbage collector. Shard files are therefore written one entry per line,
//
//   {
//   "default/web-1":{...},
//   "default/web-2":{...}
//   }
//
// which is still one JSON document (JSON.stringify never writes a raw newline), and read by
// splitting the file's bytes into lines: an entry stays bytes until it is asked for, and
// bytes nobody asked for are written back as they were read. A file in the older one-line
// layout, or edited by hand, is parsed whole, as before.
import type { KObject } from "../api/types.js";

/**
 * An entry kept as the bytes it was read as (its whole line, `"key":{...}`, without the
 * comma), parsed when first asked for. The bytes stay in the file's Buffer, outside the
 * JavaScript heap: a delete at 100,000 pods reads some 6 MB of shards and uses a few
 * entries of each, and holding the rest as strings had the garbage collector copy them
 * from one space to the next (a fifth of the command).
 */
class Raw {
  constructor(
    readonly buf: Buffer,
    readonly line: number,
    readonly value: number,
    readonly end: number,
  ) {}
}

type Held = KObject | Raw;

const OPEN = Buffer.from("{\n");
const SEP = Buffer.from(",\n");
const CLOSE = Buffer.from("\n}\n");

/** Why an entry is not what its bucket holds (shape.ts), or undefined. */
export type EntryCheck = (key: string, value: unknown) => string | undefined;

/** Reports a file that cannot be used; it never returns. */
export type Fail = (why: string) => never;

export class Shard {
  // No prototype: a key is only ever an own field, whatever it is called.
  private readonly held: Record<string, Held> = Object.create(null);
  private count = 0;

  constructor(
    private readonly check: EntryCheck = () => undefined,
    private readonly fail: Fail = (why) => {
      throw new Error(why);
    },
  ) {}

  /** A shard of the given objects (tests, and the layout of older files). */
  static of(objects: Record<string, KObject>, check?: EntryCheck, fail?: Fail): Shard {
    const s = new Shard(check, fail);
    for (const k of Object.keys(objects)) s.set(k, objects[k]);
    return s;
  }

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    return key in this.held;
  }

  get(key: string): KObject | undefined {
    const v = this.held[key];
    if (!(v instanceof Raw)) return v;
    const o = this.parse(key, v.buf.toString("utf8", v.value, v.end));
    this.held[key] = o;
    return o;
  }

  set(key: string, o: KObject): void {
    if (!(key in this.held)) this.count++;
    this.held[key] = o;
  }

  delete(key: string): boolean {
    if (!(key in this.held)) return false;
    delete this.held[key];
    this.count--;
    return true;
  }

  /** The keys in the order a JavaScript object holding them would list them. */
  keys(): string[] {
    return Object.keys(this.held);
  }

  values(): KObject[] {
    return this.keys().map((k) => this.get(k) as KObject);
  }

  entries(): [string, KObject][] {
    return this.keys().map((k) => [k, this.get(k) as KObject]);
  }

  /**
   * The file's bytes, in pieces to be written one after another: one entry a line. An
   * entry never parsed is written as it was read, and lines that lay next to each other in
   * the file read go out as one piece of it, so rewriting a shard of 500 events with one
   * changed is a handful of pieces, not a copy of the file. Entries are not parsed to be
   * checked first: that was most of a write's cost at 100,000 pods (a delete rewrites some
   * 40 shards). An entry damaged inside its line (the file's layout is checked on
   * reading) is carried to the new file as it was, so nothing more is lost, and is
   * reported, naming the file, by the first command that reads it.
   */
  chunks(): Buffer[] {
    const parts: Buffer[] = [OPEN];
    // Entries parsed or written here are encoded in runs, between ranges copied as read.
    let run: string[] = [];
    // The range of read bytes being extended: lines that follow each other in one file.
    let raw: { buf: Buffer; from: number; end: number } | undefined;
    const flush = () => {
      if (raw) parts.push(raw.buf.subarray(raw.from, raw.end));
      else if (run.length) parts.push(Buffer.from(run.join(",\n")));
      raw = undefined;
      run = [];
    };
    let first = true;
    for (const k of this.keys()) {
      const v = this.held[k];
      if (v instanceof Raw) {
        // The next line of the same file: the separator between them is already there.
        if (raw && raw.buf === v.buf && raw.end + 2 === v.line) raw.end = v.end;
        else {
          flush();
          if (!first) parts.push(SEP);
          raw = { buf: v.buf, from: v.line, end: v.end };
        }
      } else {
        if (raw) flush();
        if (!run.length && !first) parts.push(SEP);
        run.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
      }
      first = false;
    }
    flush();
    parts.push(CLOSE);
    return parts;
  }

  /** The file's bytes as one Buffer (tests, and tools that want them whole). */
  bytes(): Buffer {
    return Buffer.concat(this.chunks());
  }

  /** The file's text (tests, and tools that want a string). */
  serialize(): string {
    return this.bytes().toString("utf8");
  }

  private parse(key: string, text: string): KObject {
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      return this.fail(`its entry ${JSON.stringify(key)} is not valid JSON`);
    }
    const problem = this.check(key, o);
    if (problem) return this.fail(problem);
    return o as KObject;
  }

  /**
   * Reads a file in the one-entry-a-line layout, keeping each entry as text; undefined when
   * the text is not in that layout (an older file, one edited by hand, or a damaged one),
   * which the caller then parses whole.
   */
  static lines(file: Buffer | string, check?: EntryCheck, fail?: Fail): Shard | undefined {
    const b = typeof file === "string" ? Buffer.from(file) : file;
    const n = b.length;
    // "{\n" ... "\n}\n"
    if (n < 4 || b[0] !== 123 || b[1] !== 10 || b[n - 3] !== 10 || b[n - 2] !== 125 || b[n - 1] !== 10)
      return undefined;
    const s = new Shard(check, fail);
    const stop = n - 3;
    for (let from = 2; from < stop; ) {
      let nl = b.indexOf(10, from);
      if (nl < 0 || nl > stop) nl = stop;
      const last = nl === stop;
      // Every entry but the last ends in the comma that separates it from the next.
      const end = last ? nl : nl - 1;
      if (!last && b[end] !== 44) return undefined;
      const entry = keyOf(b, from, end);
      if (!entry) return undefined;
      const [key, at] = entry;
      // Entries are objects: a value that does not look like one sends the file down the
      // whole-parse path, which names what is wrong.
      if (b[at] !== 123 || b[end - 1] !== 125) return undefined;
      if (!(key in s.held)) s.count++;
      s.held[key] = new Raw(b, from, at, end);
      from = nl + 1;
    }
    return s;
  }
}

/** The key of the entry at b[from, end) and where its value starts, or undefined when it is not `"key":`. */
function keyOf(b: Buffer, from: number, end: number): [string, number] | undefined {
  if (b[from] !== 34) return undefined;
  let p = from + 1;
  let escaped = false;
  for (; p < end; p++) {
    const c = b[p];
    if (c === 92) {
      escaped = true;
      p++;
    } else if (c === 34) break;
  }
  if (p >= end || b[p + 1] !== 58) return undefined;
  if (!escaped) return [b.toString("utf8", from + 1, p), p + 2];
  try {
    return [JSON.parse(b.toString("utf8", from, p + 1)) as string, p + 2];
  } catch {
    return undefined;
  }
}
