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
// which is still one JSON document (JSON.stringify never writes a raw newline). A file read
// stays bytes: an entry is found when asked for by searching for the start of its line, and
// parsed then; the file is split into all its lines only when something needs every entry
// (a list, the keys, a key that is not where it should be). Bytes nobody asked for are
// written back as they were read. A file in the older one-line layout, or edited by hand
// out of this one, is parsed whole, as before; a line damaged inside a file that still
// begins and ends as written is reported when its entry is asked for or the shard listed.
import { isAscii } from "node:buffer";
import type { KObject } from "../api/types.js";
import { type Entry, entryAt, framed, textEntryAt } from "./shard-lines.js";

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
    /**
     * The file as ASCII text, when it was split as text (lines): an entry is parsed from a
     * slice of it, not a decode of its bytes (1,001 node summaries: 7 ms, not 12). One
     * string per file, which the collector moves as one block, not one per entry.
     */
    readonly text?: string,
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

/**
 * A file read but not split into entries: an entry is found when asked for, by searching
 * the bytes for the start of its line. A command at 100,000 pods reads some 80 shards and
 * asks a few entries of most; splitting each file into its lines (a native call and a key
 * string per entry, 10,000 of them) was a tenth of a `delete`.
 */
interface Unindexed {
  buf: Buffer;
  /** Where each key found so far starts its line, and where that line's newline is. */
  found: Map<string, { line: number; nl: number }>;
  /** Keys found and since deleted: their lines are left out when the file is written. */
  dropped: Set<string>;
  /** Keys looked for and not in the file. */
  missing: Set<string>;
  /** Keys found that the file is known to hold once (a prefix search saw every line they could be on). */
  unique: Set<string>;
  /** Searches made of the file so far. */
  searches: number;
  /** The keys of its lines found by each prefix searched for (keysWithPrefix). */
  prefixes: Map<string, string[]>;
  /** The file parsed whole, for a middle not in the one-entry-a-line layout (the caller reports a bad one). */
  whole: () => Shard;
}

/**
 * Searches of one file after which it is split into its lines instead: a search reads the
 * file to the key's line (or all of it for a key it does not hold), the split reads it
 * once, so past a few dozen keys of a file the split is cheaper.
 */
const SEARCHES_BEFORE_INDEX = 32;

/** Whether a JavaScript object lists the key first, in numeric order (an array index). */
function indexLike(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

export class Shard {
  // No prototype: a key is only ever an own field, whatever it is called. In an unindexed
  // shard it holds the entries found so far and those written since.
  private held: Record<string, Held> = Object.create(null);
  /** How many entries the shard holds; undefined: not known until it is indexed. */
  private count: number | undefined = 0;
  private file: Unindexed | undefined;

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

  /**
   * A file in the one-entry-a-line layout, left unindexed until something needs every
   * entry (a list, the keys): `count` is its number of entries where the caller knows it
   * (the catalog), `whole` parses the file whole should its middle turn out not to be in
   * that layout. Undefined when the file does not even begin and end as that layout does.
   */
  static open(file: Buffer, check: EntryCheck, fail: Fail, count: number | undefined, whole: () => Shard) {
    const n = file.length;
    if (!framed(file)) return undefined;
    // An empty shard, or one whose first line is not an entry: split it now (or give up).
    if (n <= 5 || file[2] !== 34) return Shard.lines(file, check, fail);
    const s = new Shard(check, fail);
    s.file = {
      buf: file,
      found: new Map(),
      dropped: new Set(),
      missing: new Set(),
      unique: new Set(),
      searches: 0,
      prefixes: new Map(),
      whole,
    };
    s.count = count;
    return s;
  }

  get size(): number {
    if (this.count === undefined) this.index();
    return this.count as number;
  }

  has(key: string): boolean {
    return this.locate(key);
  }

  get(key: string): KObject | undefined {
    // One lookup for an entry already held (a build asks millions); the file is searched
    // only for one that is not.
    let v = this.held[key];
    if (v === undefined) {
      if (!this.file || !this.locate(key)) return undefined;
      v = this.held[key] as Held;
    }
    if (!(v instanceof Raw)) return v;
    const o = this.parse(key, v.text?.slice(v.value, v.end) ?? v.buf.toString("utf8", v.value, v.end));
    this.held[key] = o;
    return o;
  }

  set(key: string, o: KObject): void {
    const present = this.file ? this.locate(key) : key in this.held;
    // A new key that a JavaScript object would list first: its place needs the whole index.
    if (!present && this.file && indexLike(key)) this.index();
    if (!present && this.count !== undefined) this.count++;
    this.held[key] = o;
  }

  delete(key: string): boolean {
    if (!this.locate(key)) return false;
    delete this.held[key];
    if (this.file?.found.has(key)) this.file.dropped.add(key);
    if (this.count !== undefined) this.count--;
    return true;
  }

  /** The keys in the order a JavaScript object holding them would list them. */
  keys(): string[] {
    this.index();
    return Object.keys(this.held);
  }

  values(): KObject[] {
    return this.keys().map((k) => this.get(k) as KObject);
  }

  entries(): [string, KObject][] {
    return this.keys().map((k) => [k, this.get(k) as KObject]);
  }

  /**
   * The keys that begin with `prefix`, in the order keys() gives them, without indexing an
   * unindexed file: its lines are found by searching for the prefix at the start of a line
   * (an object's events, among the 500 of its shard), and noted, so reading them searches no
   * more. `containing`: of the entries still as read, only those whose line holds these
   * bytes (a caller's cheap filter before parsing; entries parsed or written are all given).
   */
  keysWithPrefix(prefix: string, containing?: string): string[] {
    const f = this.file;
    const has = containing === undefined ? undefined : Buffer.from(containing);
    const holds = (v: Held) => !has || !(v instanceof Raw) || v.buf.subarray(v.line, v.end).includes(has);
    if (!f) return Object.keys(this.held).filter((k) => k.startsWith(prefix) && holds(this.held[k] as Held));
    // A prefix is searched for once: an object's events are asked for once per message.
    let inFile = f.prefixes.get(prefix);
    if (!inFile) {
      inFile = this.scan(f, prefix);
      if (!inFile) {
        this.index();
        return this.keysWithPrefix(prefix, containing);
      }
      f.prefixes.set(prefix, inFile);
    }
    const out = new Set<string>();
    for (const key of inFile) if (!f.dropped.has(key) && holds(this.held[key] as Held)) out.add(key);
    // Entries written since, and those deleted and written again, come last.
    for (const k of Object.keys(this.held)) {
      if (k.startsWith(prefix) && !(f.found.has(k) && !f.dropped.has(k))) out.add(k);
    }
    return [...out];
  }

  /** The keys of the file's lines that begin with the prefix, each noted; undefined if a line is not as written or a key is there twice. */
  private scan(f: Unindexed, prefix: string): string[] | undefined {
    const keys: string[] = [];
    const seen = new Set<string>();
    const b = f.buf;
    const stop = b.length - 3;
    const needle = Buffer.from(`\n${JSON.stringify(prefix).slice(0, -1)}`);
    for (let at = b.indexOf(needle, 1); at >= 0 && at < stop; at = b.indexOf(needle, at + 1)) {
      const entry = entryAt(b, at + 1);
      if (!entry || seen.has(entry.key)) return undefined;
      const key = entry.key;
      if (!(key in this.held) && !f.dropped.has(key)) this.note(f, at + 1, entry);
      seen.add(key);
      f.unique.add(key);
      keys.push(key);
    }
    return keys;
  }

  /** Whether the key is in the shard, finding its line in an unindexed file. */
  private locate(key: string): boolean {
    if (key in this.held) return true;
    const f = this.file;
    if (!f || f.dropped.has(key) || f.missing.has(key)) return false;
    // A file asked for many keys (a scheduling pass asks each node's cached load, some 420)
    // is cheaper split once than searched each time.
    if (++f.searches > SEARCHES_BEFORE_INDEX) {
      this.index();
      return key in this.held;
    }
    // A value never holds a raw newline, so this finds the start of a line and nothing else.
    // The last such line, as JSON.parse keeps the last of a key written twice; an earlier
    // copy is looked for only if the entry is changed (earlierCopies).
    const needle = Buffer.from(`\n${JSON.stringify(key)}:`);
    const at = f.buf.lastIndexOf(needle);
    if (at < 1) {
      f.missing.add(key);
      return false;
    }
    const entry = entryAt(f.buf, at + 1);
    if (entry?.key === key) {
      this.note(f, at + 1, entry);
      return true;
    }
    // A line not as written (no comma, not an object): the whole index decides, as it
    // would have from the start.
    this.index();
    return key in this.held;
  }

  /** Notes an entry found in the file at `line`, held as the bytes it was read as. */
  private note(f: Unindexed, line: number, e: Entry): void {
    f.found.set(e.key, { line, nl: e.nl });
    this.held[e.key] = new Raw(f.buf, line, e.value, e.end);
  }

  /** Whether an entry changed or deleted has another line earlier in the file (a file edited by hand). */
  private earlierCopies(f: Unindexed): boolean {
    for (const [k, { line }] of f.found) {
      if (f.unique.has(k) || (this.held[k] instanceof Raw && !f.dropped.has(k))) continue;
      if (f.buf.indexOf(Buffer.from(`\n${JSON.stringify(k)}:`), 1) !== line - 1) return true;
    }
    return false;
  }

  /** Splits an unindexed file into its entries, keeping what this process changed. */
  private index(): void {
    const f = this.file;
    if (!f) return;
    this.file = undefined;
    const base = Shard.lines(f.buf, this.check, this.fail) ?? f.whole();
    const held = base.held;
    for (const k of f.dropped) delete held[k];
    // Entries found keep their place; new ones (and ones deleted and written again) go last.
    for (const k of Object.keys(this.held)) {
      const v = this.held[k] as Held;
      if (!(v instanceof Raw && f.found.has(k))) held[k] = v;
    }
    this.held = held;
    this.count = Object.keys(held).length;
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
    // A changed entry written twice in the file: the index keeps one line of it.
    if (this.file && this.earlierCopies(this.file)) this.index();
    const pieces = this.file ? this.unindexedPieces(this.file) : this.indexedPieces();
    const parts: Buffer[] = [OPEN];
    for (const [i, p] of pieces.entries()) {
      if (i) parts.push(SEP);
      parts.push(p);
    }
    parts.push(CLOSE);
    return parts;
  }

  private encode(k: string, v: KObject): string {
    return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }

  /** Entries in order, runs of lines read next to each other as one piece. */
  private indexedPieces(): Buffer[] {
    const pieces = new Pieces();
    // The range of read bytes being extended: lines that follow each other in one file.
    let raw: { buf: Buffer; from: number; end: number } | undefined;
    const flush = () => {
      if (raw) pieces.bytes(raw.buf.subarray(raw.from, raw.end));
      raw = undefined;
    };
    for (const k of Object.keys(this.held)) {
      const v = this.held[k] as Held;
      if (v instanceof Raw) {
        // The next line of the same file: the separator between them is already there.
        if (raw && raw.buf === v.buf && raw.end + 2 === v.line) raw.end = v.end;
        else {
          flush();
          raw = { buf: v.buf, from: v.line, end: v.end };
        }
      } else {
        flush();
        pieces.entry(this.encode(k, v));
      }
    }
    flush();
    return pieces.done();
  }

  /**
   * The file read, with the lines of entries changed since written anew or left out and
   * the lines between them copied as ranges, then the entries it did not hold.
   */
  private unindexedPieces(f: Unindexed): Buffer[] {
    const pieces = new Pieces();
    const b = f.buf;
    const stop = b.length - 3;
    let cursor = 2;
    const lines = [...f.found].sort((x, y) => x[1].line - y[1].line);
    for (const [k, { line, nl }] of lines) {
      // The untouched lines before this one, without the separator that ends the last.
      if (line > cursor) pieces.bytes(b.subarray(cursor, line - 2));
      cursor = nl + 1;
      if (f.dropped.has(k)) continue;
      const v = this.held[k] as Held;
      if (v instanceof Raw) pieces.bytes(b.subarray(v.line, v.end));
      else pieces.entry(this.encode(k, v));
    }
    if (cursor < stop) pieces.bytes(b.subarray(cursor, stop));
    for (const k of Object.keys(this.held)) {
      if (f.found.has(k) && !f.dropped.has(k)) continue;
      pieces.entry(this.encode(k, this.held[k] as KObject));
    }
    return pieces.done();
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
    if (!framed(b)) return undefined;
    const s = new Shard(check, fail);
    // An ASCII file (nearly every one: names, IPs, times) is split as a string, whose offsets
    // are its bytes': string searches stay inside V8, where each Buffer search and decode
    // crosses into C++. Splitting the 2,000 lines of a scheduling pass's index stamps took
    // 6 ms from the bytes and 2.3 ms from the string.
    const text = isAscii(b) ? b.toString("latin1") : undefined;
    let count = 0;
    for (let from = 2; from < n - 3; ) {
      // A line not as written sends the file down the whole-parse path, which names what is wrong.
      const entry = text === undefined ? entryAt(b, from) : textEntryAt(text, b, from);
      if (!entry) return undefined;
      if (!(entry.key in s.held)) count++;
      s.held[entry.key] = new Raw(b, from, entry.value, entry.end, text);
      from = entry.nl + 1;
    }
    s.count = count;
    return s;
  }
}

/**
 * The entries of a file being written, as pieces: ranges of a file read go as they are,
 * entries encoded here are joined into one piece per run (a shard built in the process is
 * one piece, not a write per entry).
 */
class Pieces {
  private readonly out: Buffer[] = [];
  private run: string[] = [];

  bytes(b: Buffer): void {
    this.flush();
    this.out.push(b);
  }

  entry(text: string): void {
    this.run.push(text);
  }

  done(): Buffer[] {
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (this.run.length) this.out.push(Buffer.from(this.run.join(",\n")));
    this.run = [];
  }
}
