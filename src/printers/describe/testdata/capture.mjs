#!/usr/bin/env node
// Regenerates the expected describe outputs in this directory from the REAL kubectl v1.32, via
// the oracle in /work/shared/tools. Usage (from the repo root):
//   node src/printers/describe/testdata/capture.mjs [substring-of-output-file ...]
//
// Determinism: the oracle's kubectl computes ages from the real clock, while the tests describe
// the objects at a fixed `now` (cases.json). So each case is captured like this:
//   1. pick T0, a whole second slightly in the future, and shift every timestamp field of the
//      objects by the whole seconds (T0 - floor(now)); Leases get renewTime = now first, because
//      kubesim's describer prints a lease renewed at `now`;
//   2. ages truncate to whole seconds, so they stay the same while the clock moves from `now`
//      until its sub-second part reaches the sub-second part of some timestamp (MicroTime event
//      times have one). That gives a window [now, now + d); the oracle is started at the shifted
//      `now` and its output is accepted only if it finished inside the shifted window, so
//      kubectl read its clock at an instant where every age equals the age at `now`;
//   3. shift every absolute RFC1123Z time in kubectl's output back by the same whole seconds.
// The stored text is therefore exactly what kubectl prints for the unshifted objects at `now`.
// Choose each set's `now` so that the window is wide (e.g. just after the largest fraction).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ORACLE = process.env.ORACLE ?? "/work/shared/tools/kubectl-oracle.mjs";
const TIME_FIELDS = new Set([
  "creationTimestamp",
  "deletionTimestamp",
  "startTime",
  "startedAt",
  "finishedAt",
  "lastTransitionTime",
  "lastHeartbeatTime",
  "lastProbeTime",
  "lastUpdateTime",
  "firstTimestamp",
  "lastTimestamp",
  "eventTime",
  "lastObservedTime",
  "renewTime",
  "acquireTime",
]);
const RESOURCE = {
  Pod: "pod",
  Service: "service",
  Deployment: "deployment",
  ReplicaSet: "replicaset",
  Node: "node",
  Namespace: "namespace",
  Endpoints: "endpoints",
  EndpointSlice: "endpointslice",
  NetworkPolicy: "networkpolicy",
};
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function shiftIso(ts, shiftMs) {
  const m = /^(.*?)(\.\d+)?Z$/.exec(ts);
  const base = new Date(Date.parse(`${m[1]}Z`) + shiftMs).toISOString().replace(/\.000Z$/, "");
  return `${base}${m[2] ?? ""}Z`;
}

function shiftObject(value, shiftMs, key = "") {
  if (Array.isArray(value)) return value.map((v) => shiftObject(v, shiftMs));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftObject(v, shiftMs, k)]));
  }
  return TIME_FIELDS.has(key) && typeof value === "string" ? shiftIso(value, shiftMs) : value;
}

function rfc1123z(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  const date = `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function unshiftOutput(text, shiftMs) {
  const re = /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d) \+0000/g;
  const shifted = text.replace(re, (all, d, mon, y, h, mi, s) => {
    if (y === "0001") return all;
    return rfc1123z(Date.UTC(+y, MONTHS.indexOf(mon), +d, +h, +mi, +s) - shiftMs);
  });
  // Go's time.Time String() ("Created on" of a NetworkPolicy), seconds only.
  const goTime = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) \+0000 UTC/g;
  return shifted.replace(goTime, (all, y, mo, d, h, mi, s) => {
    if (y === "0001") return all;
    const t = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - shiftMs).toISOString();
    return `${t.slice(0, 10)} ${t.slice(11, 19)} +0000 UTC`;
  });
}

function loadObjects(file) {
  const raw = JSON.parse(fs.readFileSync(path.join(here, file), "utf8"));
  return Array.isArray(raw) ? raw : raw.items;
}

function sleepUntil(ms) {
  while (Date.now() < ms) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}

function collectFractions(value, key, out) {
  if (Array.isArray(value)) for (const v of value) collectFractions(v, "", out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) collectFractions(v, k, out);
  } else if (TIME_FIELDS.has(key) && typeof value === "string") {
    out.push(Number(((/\.(\d+)Z$/.exec(value)?.[1] ?? "") + "000000").slice(0, 6)));
  }
}

// Microseconds the clock may advance past `now` before some age changes.
function stableWindow(objects, now) {
  const fractions = [];
  collectFractions(objects, "", fractions);
  const fNow = (now % 1000) * 1000;
  return Math.min(1_000_000, ...fractions.map((f) => (f - fNow + 1_000_000) % 1_000_000 || 1_000_000));
}

function capture(c, now) {
  const objects = loadObjects(c.file).map((o) =>
    o.kind === "Lease"
      ? { ...o, spec: { ...o.spec, renewTime: new Date(now).toISOString().replace(/\.\d+Z$/, ".000000Z") } }
      : o,
  );
  const args = ["describe", RESOURCE[c.kind], c.name];
  if (c.namespace) args.push("-n", c.namespace);
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "describe-capture-")), "objects.json");
  const window = stableWindow(objects, now) / 1000;
  if (window < 400)
    throw new Error(`${c.out}: only ${window}ms of stable ages after now; choose another now`);
  for (let attempt = 0; attempt < 8; attempt++) {
    const t0 = Math.ceil((Date.now() + 300) / 1000) * 1000;
    const shift = t0 - (now - (now % 1000));
    fs.writeFileSync(tmp, JSON.stringify(objects.map((o) => shiftObject(o, shift))));
    sleepUntil(now + shift);
    const res = spawnSync("node", [ORACLE, tmp, "--", ...args], { encoding: "utf8" });
    if (Date.now() >= now + shift + window) continue;
    if (res.status !== 0) throw new Error(`oracle failed for ${c.out}: ${res.stderr}`);
    return unshiftOutput(res.stdout, shift);
  }
  throw new Error(`could not capture ${c.out} within its stable window`);
}

const { sets, cases } = JSON.parse(fs.readFileSync(path.join(here, "cases.json"), "utf8"));
const filters = process.argv.slice(2);
for (const c of cases) {
  if (filters.length > 0 && !filters.some((f) => c.out.includes(f))) continue;
  const text = capture(c, Date.parse(sets[c.file].now));
  fs.writeFileSync(path.join(here, c.out), text);
  console.log(`captured ${c.out}`);
}
