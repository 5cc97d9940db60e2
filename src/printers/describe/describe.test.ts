// Pins describeObject against text captured from the real kubectl v1.32 (testdata/capture.mjs
// explains how ages were made deterministic: each expected file is kubectl's output for the
// objects in cases.json's data file, as seen at that set's fixed `now`).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { type DescribeInput, describeObject, humanDuration } from "./index.js";

const testdata = path.join(__dirname, "testdata");

interface Case {
  file: string;
  kind: string;
  name: string;
  namespace?: string;
  out: string;
}

const { sets, cases } = JSON.parse(fs.readFileSync(path.join(testdata, "cases.json"), "utf8")) as {
  sets: Record<string, { now: string }>;
  cases: Case[];
};

function loadObjects(file: string): KObject[] {
  const raw = JSON.parse(fs.readFileSync(path.join(testdata, file), "utf8"));
  return Array.isArray(raw) ? raw : raw.items;
}

// What the kubesim caller is expected to pass: the events kubectl's field selector finds and the
// objects kubectl lists for the describer.
function buildInput(objects: KObject[], c: Case, now: Date): DescribeInput {
  const obj = objects.find(
    (o) =>
      o.kind === c.kind && o.metadata.name === c.name && (o.metadata.namespace ?? "") === (c.namespace ?? ""),
  );
  if (!obj) throw new Error(`no ${c.kind} ${c.name} in ${c.file}`);
  const uids = c.kind === "Node" ? [obj.metadata.uid, obj.metadata.name] : [obj.metadata.uid];
  const events = objects.filter((o) => o.kind === "Event" && uids.includes(o.involvedObject?.uid));
  const ns = obj.metadata.namespace;
  let related: KObject[] = [];
  if (c.kind === "Service") {
    related = objects.filter(
      (o) =>
        o.kind === "EndpointSlice" &&
        o.metadata.namespace === ns &&
        o.metadata.labels?.["kubernetes.io/service-name"] === obj.metadata.name,
    );
  } else if (c.kind === "Deployment") {
    related = objects.filter((o) => o.kind === "ReplicaSet" && o.metadata.namespace === ns);
  } else if (c.kind === "ReplicaSet") {
    related = objects.filter((o) => o.kind === "Pod" && o.metadata.namespace === ns);
  } else if (c.kind === "Node") {
    related = objects.filter(
      (o) =>
        o.kind === "Pod" &&
        o.spec?.nodeName === obj.metadata.name &&
        !["Succeeded", "Failed"].includes(o.status?.phase),
    );
  }
  return { obj, events, related, now };
}

describe("describeObject matches kubectl v1.32", () => {
  const objectsByFile = new Map<string, KObject[]>();
  for (const c of cases) {
    it(`${c.out}`, () => {
      if (!objectsByFile.has(c.file)) objectsByFile.set(c.file, loadObjects(c.file));
      const input = buildInput(objectsByFile.get(c.file)!, c, new Date(sets[c.file].now));
      const expected = fs.readFileSync(path.join(testdata, c.out), "utf8");
      expect(describeObject(input)).toBe(expected);
    });
  }
});

describe("humanDuration", () => {
  it.each([
    [-5000, "<invalid>"],
    [-1500, "0s"],
    [0, "0s"],
    [119_999, "119s"],
    [120_000, "2m"],
    [200_000, "3m20s"],
    [599_000, "9m59s"],
    [600_000, "10m"],
    [179 * 60_000, "179m"],
    [3 * 3_600_000, "3h"],
    [5 * 3_600_000 + 12 * 60_000, "5h12m"],
    [47 * 3_600_000, "47h"],
    [51 * 3_600_000, "2d3h"],
    [400 * 86_400_000, "400d"],
    [(3 * 365 + 45) * 86_400_000, "3y45d"],
    [9 * 365 * 86_400_000, "9y"],
  ])("%d ms -> %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
