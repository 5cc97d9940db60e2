import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConfigMap, Draft } from "../api/types.js";
import { CONFIGMAPS } from "../apiserver/resources.js";
import { Session } from "./session.js";

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function sessions(): [Session, Session] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-session-"));
  homes.push(home);
  const env = { KUBESIM_HOME: home, KUBESIM_TIME_SCALE: "0" };
  return [new Session({ env }), new Session({ env })];
}

const create = (s: Session, name: string, value: string) =>
  s.transact((c) => {
    const draft: Draft<ConfigMap> = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "default" },
      data: { value },
    };
    c.api.insert<ConfigMap>(draft);
  });

const update = (s: Session, name: string, value: string) =>
  s.transact((c) => {
    const cm = c.api.mustGet(CONFIGMAPS, "default", name);
    cm.data = { value };
    c.api.put(cm);
  });

const storedValue = (s: Session, name: string) =>
  s.view((c) => c.api.get(CONFIGMAPS, "default", name)?.data?.value);

describe("a session's view after its own commit", () => {
  it("reads the committed cluster from memory while meta.json still holds that commit", async () => {
    const [mine] = sessions();
    await create(mine, "a", "1");
    const read = vi.spyOn(mine.store, "read");
    expect(await storedValue(mine, "a")).toBe("1");
    expect(await storedValue(mine, "a")).toBe("1");
    expect(read).not.toHaveBeenCalled();
  });

  it("reads the state again once another command has committed", async () => {
    const [mine, other] = sessions();
    await create(mine, "a", "1");
    await update(other, "a", "2");
    const read = vi.spyOn(mine.store, "read");
    expect(await storedValue(mine, "a")).toBe("2");
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("reads the state again when a transaction wrote nothing", async () => {
    const [mine] = sessions();
    await mine.view(() => undefined);
    await mine.transact(() => undefined);
    const read = vi.spyOn(mine.store, "read");
    await storedValue(mine, "a");
    expect(read).toHaveBeenCalledTimes(1);
  });
});
