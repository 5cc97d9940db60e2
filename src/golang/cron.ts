// robfig/cron v3's standard parser (cron.ParseStandard) and its schedules' Next, as the
// apiserver validates a CronJob's schedule and the cronjob controller computes its times:
// five fields (minute hour day-of-month month day-of-week), month and weekday names, `*`,
// `?`, ranges, steps and lists, the descriptors (@yearly ... @hourly, @every DURATION), and a
// leading `TZ=` / `CRON_TZ=` zone. Errors carry the library's texts word for word.
import { quote } from "./strconv.js";

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A field's allowed values, and whether it was written `*`/`?` (robfig's starBit). */
interface Field {
  values: Set<number>;
  star: boolean;
}

export type Schedule =
  | { kind: "spec"; minute: Field; hour: Field; dom: Field; month: Field; dow: Field; zone?: string }
  | { kind: "every"; delayMs: number };

export class CronError extends Error {}

/** Go's strconv.Atoi with the error text robfig wraps. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new CronError(`strconv.Atoi: parsing ${quote(s)}: invalid syntax`);
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n)
    throw new CronError(`strconv.Atoi: parsing ${quote(s)}: value out of range`);
  return Number(big);
}

function mustParseInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (e) {
    throw new CronError(`failed to parse int from ${expr}: ${(e as Error).message}`);
  }
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

function getRange(expr: string, r: Bounds, into: Field): void {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

function getField(text: string, r: Bounds): Field {
  const f: Field = { values: new Set(), star: false };
  for (const expr of text.split(",").filter((x) => x !== "")) getRange(expr, r, f);
  return f;
}

function all(r: Bounds): Field {
  return getField("*", r);
}

function one(v: number): Field {
  return { values: new Set([v]), star: false };
}

/** Go's %s of a []string: `[a b c]`. */
function goList(xs: string[]): string {
  return `[${xs.join(" ")}]`;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds, with its error texts. */
export function parseDuration(orig: string): number {
  let s = orig;
  const invalid = () => new CronError(`time: invalid duration ${quote(orig)}`);
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid();
  let total = 0;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = m?.[1] ?? "";
    const frac = m?.[2];
    if (whole === "" && (frac === undefined || frac === "")) throw invalid();
    s = s.slice(m?.[0].length ?? 0);
    const u = /^[^\d.]*/.exec(s)?.[0] ?? "";
    if (u === "") throw new CronError(`time: missing unit in duration ${quote(orig)}`);
    const unit = DURATION_UNITS[u];
    if (unit === undefined) throw new CronError(`time: unknown unit ${quote(u)} in duration ${quote(orig)}`);
    s = s.slice(u.length);
    total += Number(`${whole || "0"}.${frac || "0"}`) * unit;
  }
  return neg ? -total : total;
}

function parseDescriptor(spec: string, zone: string | undefined): Schedule {
  const spec6 = (minute: Field, hour: Field, dom: Field, month: Field, dow: Field): Schedule => ({
    kind: "spec",
    minute,
    hour,
    dom,
    month,
    dow,
    zone,
  });
  switch (spec) {
    case "@yearly":
    case "@annually":
      return spec6(one(0), one(0), one(1), one(1), all(DOW));
    case "@monthly":
      return spec6(one(0), one(0), one(1), all(MONTHS), all(DOW));
    case "@weekly":
      return spec6(one(0), one(0), all(DOM), all(MONTHS), one(0));
    case "@daily":
    case "@midnight":
      return spec6(one(0), one(0), all(DOM), all(MONTHS), all(DOW));
    case "@hourly":
      return spec6(one(0), all(HOURS), all(DOM), all(MONTHS), all(DOW));
  }
  const every = "@every ";
  if (spec.startsWith(every)) {
    let ms: number;
    try {
      ms = parseDuration(spec.slice(every.length));
    } catch (e) {
      throw new CronError(`failed to parse duration ${spec}: ${(e as Error).message}`);
    }
    // cron.Every: at least a second, whole seconds.
    const delayMs = ms < 1000 ? 1000 : ms - (ms % 1000);
    return { kind: "every", delayMs };
  }
  throw new CronError(`unrecognized descriptor: ${spec}`);
}

/** Whether Go's time.LoadLocation (with the tz database built in) knows `name`. */
export function loadLocation(name: string): void {
  if (name === "" || name === "UTC") return;
  if (name === "Local") return;
  let ok = false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    // ICU matches names case-insensitively; the tz database's files do not.
    ok = name.split("/").every((part) => /^[A-Z]/.test(part));
  } catch {
    ok = false;
  }
  if (!ok) throw new CronError(`unknown time zone ${name}`);
}

/** cron.ParseStandard. Throws a CronError with robfig's message. */
export function parseStandard(input: string): Schedule {
  let spec = input;
  if (spec.length === 0) throw new CronError("empty spec string");
  let zone: string | undefined;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const i = spec.indexOf(" ");
    const eq = spec.indexOf("=");
    const name = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    try {
      loadLocation(name);
    } catch (e) {
      throw new CronError(`provided bad location ${name}: ${(e as Error).message}`);
    }
    zone = name === "Local" ? undefined : name;
    spec = i < 0 ? "" : spec.slice(i).trim();
  }
  if (spec.startsWith("@")) return parseDescriptor(spec, zone);
  const fields = spec.split(/[ \t\n\v\f\r]+/).filter((f) => f !== "");
  if (fields.length !== 5)
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: ${goList(fields)}`);
  return {
    kind: "spec",
    minute: getField(fields[0], MINUTES),
    hour: getField(fields[1], HOURS),
    dom: getField(fields[2], DOM),
    month: getField(fields[3], MONTHS),
    dow: getField(fields[4], DOW),
    zone,
  };
}

/** Wall-clock fields of instant `ms` in `zone` (UTC when unset). */
function wall(ms: number, zone: string | undefined): number {
  if (!zone || zone === "UTC") return ms;
  return ms + offsetMs(ms, zone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at instant `ms`. */
export function offsetMs(ms: number, zone: string): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms)))
    if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant whose wall clock in `zone` reads `w`. */
function unwall(w: number, zone: string | undefined): number {
  if (!zone || zone === "UTC") return w;
  let t = w - offsetMs(w, zone);
  t = w - offsetMs(t, zone);
  return t;
}

function dayMatches(s: Extract<Schedule, { kind: "spec" }>, d: Date): boolean {
  const dom = s.dom.values.has(d.getUTCDate());
  const dow = s.dow.values.has(d.getUTCDay());
  if (s.dom.star || s.dow.star) return dom && dow;
  return dom || dow;
}

/**
 * The schedule's next activation strictly after `ms` (SpecSchedule.Next / ConstantDelaySchedule.Next),
 * or 0 (Go's zero time) when none comes within five years. `zone` is the CronJob's timeZone,
 * used when the schedule names none.
 */
export function next(s: Schedule, ms: number, zone?: string): number {
  if (s.kind === "every") return ms + s.delayMs - (((ms % 1000) + 1000) % 1000);
  const z = s.zone ?? zone;
  // Work on the wall clock as if it were UTC, then map back to an instant.
  let t = new Date(wall(ms, z) - (((ms % 1000) + 1000) % 1000) + 1000);
  let added = false;
  const yearLimit = t.getUTCFullYear() + 5;
  const set = (y: number, mo: number, d = 1, h = 0, mi = 0) => {
    t = new Date(Date.UTC(y, mo, d, h, mi, 0));
  };
  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return 0;
    while (!s.month.values.has(t.getUTCMonth() + 1)) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth());
      }
      set(t.getUTCFullYear(), t.getUTCMonth() + 1);
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(s, t)) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
      }
      set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
      if (t.getUTCDate() === 1) continue wrap;
    }
    while (!s.hour.values.has(t.getUTCHours())) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours());
      }
      t = new Date(t.getTime() + 3_600_000);
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (!s.minute.values.has(t.getUTCMinutes())) {
      if (!added) {
        added = true;
        t = new Date(t.getTime() - (t.getTime() % 60_000));
      }
      t = new Date(t.getTime() + 60_000);
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    // The standard parser's seconds field is always 0.
    while (t.getUTCSeconds() !== 0) {
      if (!added) {
        added = true;
        t = new Date(t.getTime() - (t.getTime() % 1000));
      }
      t = new Date(t.getTime() + 1000);
      if (t.getUTCSeconds() === 0) continue wrap;
    }
    return unwall(t.getTime(), z);
  }
}
