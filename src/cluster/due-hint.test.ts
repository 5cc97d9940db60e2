// The launcher's guess that a process is due, read from a meta.json the store really wrote.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUCKETS } from "../apiserver/storage.js";
import { Store } from "../store/store.js";
import { bootstrap } from "./bootstrap.js";
import { clusterDue, processDue } from "./due-hint.js";

const NOW = "2026-11-27T10:00:00Z";
const T = Date.parse(NOW);
const homes: string[] = [];

/** A home holding a stored cluster `name`; `edit` changes its meta.json as the store keeps it. */
async function home(
  name = "kubesim",
  edit?: (meta: Record<string, unknown>) => void,
): Promise<NodeJS.ProcessEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-due-hint-"));
  homes.push(dir);
  const env = { KUBESIM_HOME: dir, KUBESIM_NOW: NOW };
  const c = bootstrap({ name, nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, env);
  await new Store(env, BUCKETS).write(name, c.state, c.objects, null);
  if (edit) {
    const file = path.join(dir, "clusters", name, "meta.json");
    const meta = JSON.parse(fs.readFileSync(file, "utf8"));
    edit(meta);
    fs.writeFileSync(file, JSON.stringify(meta));
  }
  return env;
}

afterEach(() => {
  for (const d of homes.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("processDue", () => {
  it("is no for a settled cluster and for a missing one", async () => {
    expect(processDue([], await home())).toBe(false);
    expect(processDue([], { KUBESIM_HOME: "/nonexistent/kubesim-home", KUBESIM_NOW: NOW })).toBe(false);
  });

  it("is yes when a process wakes first and by now", async () => {
    const env = await home("kubesim", (m) => {
      m.nextWake = T - 1000;
      m.nextEventWake = null;
    });
    expect(processDue(["get", "pods"], env)).toBe(true);
    expect(processDue(["get", "pods"], { ...env, KUBESIM_NOW: "2026-11-27T09:00:00Z" })).toBe(false);
  });

  it("counts the clock's offset", async () => {
    const env = await home("kubesim", (m) => {
      m.nextWake = T + 5000;
      m.nextEventWake = null;
      m.clock = { offsetMs: 6000 };
    });
    expect(processDue([], env)).toBe(true);
  });

  it("is no when an event is due as early (the handover still catches a process)", async () => {
    const env = await home("kubesim", (m) => {
      m.nextWake = T - 1000;
      m.nextEventWake = T - 1000;
    });
    expect(processDue([], env)).toBe(false);
  });

  it("reads the cluster the command line, the environment or config.json names", async () => {
    const env = await home("other", (m) => {
      m.nextWake = T - 1000;
    });
    expect(processDue(["get", "pods"], env)).toBe(false);
    expect(processDue(["get", "pods", "--cluster", "other"], env)).toBe(true);
    expect(processDue(["get", "pods", "--context=other"], env)).toBe(true);
    expect(processDue(["get", "pods"], { ...env, KUBESIM_CLUSTER: "other" })).toBe(true);
    fs.writeFileSync(path.join(env.KUBESIM_HOME ?? "", "config.json"), '{"currentCluster":"other"}');
    expect(processDue(["get", "pods"], env)).toBe(true);
    // A name that is no cluster name is never turned into a path.
    expect(processDue(["get", "pods", "--cluster", "../clusters/other"], env)).toBe(false);
  });
});

describe("clusterDue", () => {
  it("is behind when anything wakes by now, and when the cluster cannot be read", async () => {
    expect(clusterDue([], await home())).toEqual({ process: false, behind: false });
    const events = await home("kubesim", (m) => {
      m.nextWake = T - 1000;
      m.nextEventWake = T - 1000;
    });
    expect(clusterDue([], events)).toEqual({ process: false, behind: true });
    const later = await home("kubesim", (m) => {
      m.nextWake = T + 60_000;
      m.nextEventWake = T + 60_000;
    });
    expect(clusterDue([], later)).toEqual({ process: false, behind: false });
    const proc = await home("kubesim", (m) => {
      m.nextWake = T - 1000;
      m.nextEventWake = null;
    });
    expect(clusterDue([], proc)).toEqual({ process: true, behind: true });
    expect(clusterDue([], { KUBESIM_HOME: "/nonexistent/kubesim-home", KUBESIM_NOW: NOW })).toEqual({
      process: false,
      behind: true,
    });
  });
});
