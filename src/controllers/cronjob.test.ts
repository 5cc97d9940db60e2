import { describe, expect, it } from "vitest";
import type { CronJob } from "../api/types.js";
import { parseStandard } from "../golang/cron.js";
import { mostRecentScheduleTime } from "./cronjob.js";

const at = (s: string) => Date.parse(s);
const cj = (status: object = {}, spec: object = {}): CronJob =>
  ({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "x", namespace: "default", uid: "u", creationTimestamp: "2026-11-27T10:00:00Z" },
    spec: { schedule: "* * * * *", jobTemplate: {}, ...spec },
    status,
  }) as CronJob;

describe("mostRecentScheduleTime", () => {
  const every = parseStandard("* * * * *");
  it("finds no unmet time before the first schedule", () => {
    expect(mostRecentScheduleTime(cj(), at("2026-11-27T10:00:30Z"), every, true).mostRecent).toBeUndefined();
  });
  it("gives the latest of several missed times, counting them", () => {
    const r = mostRecentScheduleTime(cj(), at("2026-11-27T10:05:30Z"), every, true);
    expect(r.mostRecent).toBe(at("2026-11-27T10:05:00Z"));
    expect(r.missed).toBe("few");
  });
  it("says many after more than 100 missed times, still giving only the latest", () => {
    const r = mostRecentScheduleTime(cj(), at("2026-11-27T12:00:30Z"), every, true);
    expect(r.mostRecent).toBe(at("2026-11-27T12:00:00Z"));
    expect(r.missed).toBe("many");
  });
  it("starts from the last schedule time, or startingDeadlineSeconds back", () => {
    const done = cj({ lastScheduleTime: "2026-11-27T10:05:00Z" });
    expect(mostRecentScheduleTime(done, at("2026-11-27T10:05:40Z"), every, true).mostRecent).toBeUndefined();
    const late = cj({}, { startingDeadlineSeconds: 10 });
    const r = mostRecentScheduleTime(late, at("2026-11-27T12:00:30Z"), every, true);
    expect(r.mostRecent).toBeUndefined();
    expect(r.missed).toBe("none");
  });
  it("reads the schedule in the time zone", () => {
    const nine = parseStandard("0 9 * * *");
    const r = mostRecentScheduleTime(cj(), at("2026-11-27T14:00:30Z"), nine, true, "America/New_York");
    expect(r.mostRecent).toBe(at("2026-11-27T14:00:00Z"));
  });
});
