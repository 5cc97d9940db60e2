import { describe, expect, it } from "vitest";
import { next, parseStandard } from "./cron.js";

const T0 = Date.parse("2026-11-27T10:00:30Z");
const err = (s: string) => {
  try {
    parseStandard(s);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
};
const at = (s: string, ms: number, zone?: string) => new Date(next(parseStandard(s), ms, zone)).toISOString();

describe("cron.ParseStandard", () => {
  it("gives robfig/cron's errors", () => {
    expect(err("* * * *")).toBe("expected exactly 5 fields, found 4: [* * * *]");
    expect(err("60 * * * *")).toBe("end of range (60) above maximum (59): 60");
    expect(err("a * * * *")).toBe('failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax');
    expect(err("5-1 * * * *")).toBe("beginning of range (5) beyond end of range (1): 5-1");
    expect(err("*/0 * * * *")).toBe("step of range should be a positive number: */0");
    expect(err("* * 0 * *")).toBe("beginning of range (0) below minimum (1): 0");
    expect(err("1/2/3 * * * *")).toBe("too many slashes: 1/2/3");
    expect(err("@bogus")).toBe("unrecognized descriptor: @bogus");
    expect(err("@every 5")).toBe('failed to parse duration @every 5: time: missing unit in duration "5"');
    expect(err("TZ=Foo/Bar * * * * *")).toBe("provided bad location Foo/Bar: unknown time zone Foo/Bar");
    expect(err("")).toBe("empty spec string");
    expect(err("0 9 * * mon-fri")).toBe("");
  });
  it("computes the next activation", () => {
    expect(at("*/1 * * * *", T0)).toBe("2026-11-27T10:01:00.000Z");
    expect(at("*/5 * * * *", Date.parse("2026-11-27T10:05:00Z"))).toBe("2026-11-27T10:10:00.000Z");
    expect(at("@hourly", T0)).toBe("2026-11-27T11:00:00.000Z");
    expect(at("@every 90s", T0)).toBe("2026-11-27T10:02:00.000Z");
    expect(at("0 9 * * *", T0, "America/New_York")).toBe("2026-11-27T14:00:00.000Z");
    expect(at("0 9 * * mon", T0)).toBe("2026-11-30T09:00:00.000Z");
    expect(at("0 0 31 2 *", T0)).toBe("1970-01-01T00:00:00.000Z");
  });
});
