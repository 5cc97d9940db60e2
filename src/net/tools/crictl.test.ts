import { describe, expect, it } from "vitest";
import { humanDuration, humanSize } from "./crictl.js";

describe("crictl's go-units formatting", () => {
  it("sizes with three significant digits in decimal units", () => {
    expect(humanSize(72099501)).toBe("72.1MB");
    expect(humanSize(320368)).toBe("320kB");
    expect(humanSize(2155102)).toBe("2.16MB");
    expect(humanSize(39000000)).toBe("39MB");
    expect(humanSize(999999)).toBe("1e+03kB");
    expect(humanSize(512)).toBe("512B");
  });

  it("ages as HumanDuration words", () => {
    expect(humanDuration(500)).toBe("Less than a second");
    expect(humanDuration(1000)).toBe("1 second");
    expect(humanDuration(59_000)).toBe("59 seconds");
    expect(humanDuration(90_000)).toBe("About a minute");
    expect(humanDuration(120_000)).toBe("2 minutes");
    expect(humanDuration(3_600_000)).toBe("About an hour");
    expect(humanDuration(5 * 3_600_000)).toBe("5 hours");
    expect(humanDuration(3 * 86_400_000)).toBe("3 days");
  });
});
