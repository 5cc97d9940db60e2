// Each verb hands its help texts to attachHelp: every command kubesim registers finds a
// text, and every text in a <verb>.help.ts names a command, so a misspelt key cannot leave
// a command with the plain fallback help.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerOptions } from "../options.js";
import { registerVerbs } from "../verbs.js";
import { commandPath, helpOf } from "./attach.js";
import type { CommandHelp } from "./flags.js";

const io = { out: () => {}, err: () => {}, readStdin: () => "", env: {}, stdoutIsTTY: false };

async function allCommands(): Promise<Command[]> {
  const program = new Command("kubectl");
  await registerVerbs(program, { io }, undefined);
  registerOptions(program, { io });
  const out: Command[] = [];
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      out.push(sub);
      walk(sub);
    }
  };
  walk(program);
  return out;
}

async function helpTexts(): Promise<Record<string, CommandHelp>> {
  const dir = join(__dirname, "..");
  const files = readdirSync(dir).filter((f) => f.endsWith(".help.ts"));
  const all: Record<string, CommandHelp> = {};
  for (const f of files) {
    const mod = (await import(join(dir, f))) as { HELP: Record<string, CommandHelp> };
    for (const [path, h] of Object.entries(mod.HELP)) {
      expect(all[path], `${path} in two help files`).toBeUndefined();
      all[path] = h;
    }
  }
  return all;
}

describe("help texts beside the verbs", () => {
  it("every command but the hidden __complete finds its text", async () => {
    const missing = (await allCommands()).filter((c) => c.name() !== "__complete" && !helpOf(c));
    expect(missing.map(commandPath)).toEqual([]);
  });

  it("every text names a registered command, and is the one that command finds", async () => {
    const commands = new Map((await allCommands()).map((c) => [commandPath(c), c]));
    for (const [path, h] of Object.entries(await helpTexts())) {
      const cmd = commands.get(path);
      expect(cmd, path).toBeDefined();
      if (cmd) expect(helpOf(cmd), path).toBe(h);
    }
  });
});
