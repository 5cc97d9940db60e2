// Go's time in the two layouts the API uses, metav1.Time (RFC 3339) and metav1.MicroTime
// (RFC 3339 with six fractional digits): formatting, and the errors time.Parse gives.

let lastSecond = Number.NaN;
let lastText = "";

/** time.RFC3339 of a moment: second precision, as metadata timestamps are written. */
export function rfc3339(ms: number): string {
  // A command stamps thousands of objects within one second of its clock (a 100,000-pod
  // build calls this some million times): the last second's text is kept.
  const sec = Math.floor(ms / 1000);
  if (sec !== lastSecond) {
    lastText = new Date(sec * 1000).toISOString().replace(".000Z", "Z");
    lastSecond = sec;
  }
  return lastText;
}

/** time.RFC3339Nano as kubectl logs --timestamps writes it: milliseconds padded to nanoseconds. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

/**
 * Go's time.RFC3339Nano itself (the kubelet's kubernetes.io/config.seen): `nanos` below the
 * millisecond added, trailing zeros of the fraction dropped, no fraction at all when it is 0.
 */
export function goRFC3339Nano(ms: number, nanos = 0): string {
  const whole = Math.floor(ms / 1000);
  const fraction = String((ms - whole * 1000) * 1_000_000 + nanos)
    .padStart(9, "0")
    .replace(/0+$/, "");
  return rfc3339(whole * 1000).replace(/Z$/, fraction ? `.${fraction}Z` : "Z");
}

const RFC3339 = "2006-01-02T15:04:05Z07:00";
const RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

type Elem = { lit: string } | { num: "year" | "month" | "day" | "hour" | "minute" | "second"; text: string };

const ELEMS = (micro: boolean): Elem[] => [
  { num: "year", text: "2006" },
  { lit: "-" },
  { num: "month", text: "01" },
  { lit: "-" },
  { num: "day", text: "02" },
  { lit: "T" },
  { num: "hour", text: "15" },
  { lit: ":" },
  { num: "minute", text: "04" },
  { lit: ":" },
  { num: "second", text: "05" },
  ...(micro ? [{ lit: ".000000" } as Elem] : []),
  { lit: "Z07:00" },
];

// Go's time package quotes with its own minimal quoting: only `"` and `\` are escaped.
const q = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

const RANGES: Record<string, [number, number]> = {
  month: [1, 12],
  day: [1, 31],
  hour: [0, 23],
  minute: [0, 59],
  second: [0, 59],
};

/** Undefined when `value` parses, else the Go error text. */
export function goTimeParseError(value: string, micro: boolean): string | undefined {
  const layout = micro ? RFC3339_MICRO : RFC3339;
  let rest = value;
  const bad = (elem: string) =>
    `parsing time ${q(value)} as ${q(layout)}: cannot parse ${q(rest)} as ${q(elem)}`;
  for (const e of ELEMS(micro)) {
    if ("lit" in e) {
      if (e.lit === "Z07:00") {
        if (rest.startsWith("Z")) rest = rest.slice(1);
        else if (/^[+-]\d\d:\d\d/.test(rest)) rest = rest.slice(6);
        else return bad(e.lit);
      } else if (e.lit === ".000000") {
        if (!/^\.\d{6}/.test(rest)) return bad(e.lit);
        rest = rest.slice(7);
      } else {
        if (!rest.startsWith(e.lit)) return bad(e.lit);
        rest = rest.slice(e.lit.length);
      }
      continue;
    }
    // Years need four digits, hours one or two, everything else exactly two.
    const m =
      e.num === "year" ? /^\d{4}/.exec(rest) : e.num === "hour" ? /^\d\d?/.exec(rest) : /^\d\d/.exec(rest);
    if (!m) return bad(e.text);
    const n = Number(m[0]);
    const range = RANGES[e.num];
    if (range && (n < range[0] || n > range[1])) return `parsing time ${q(value)}: ${e.num} out of range`;
    rest = rest.slice(m[0].length);
    // A fraction after the seconds is accepted even when the layout has none.
    if (e.num === "second" && !micro) {
      const frac = /^[.,]\d+/.exec(rest);
      if (frac) rest = rest.slice(frac[0].length);
    }
  }
  if (rest.length > 0) return `parsing time ${q(value)}: extra text: ${q(rest)}`;
  return undefined;
}
