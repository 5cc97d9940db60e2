// A process racing for the lock, for lock-race.test.ts (bundled by esbuild there): waits
// for the go file so that all racers start together, takes the lock, checks that it is
// alone inside (an exclusive marker file), holds it a moment, and leaves.
import * as fs from "node:fs";
import { acquire } from "../../src/store/lock.js";

async function main(): Promise<void> {
  const [lockFile, inside, go, holdMs] = process.argv.slice(2) as [string, string, string, string];
  while (!fs.existsSync(go)) await new Promise((r) => setTimeout(r, 1));
  const held = await acquire(lockFile, { fs, what: "the race", timeoutMs: 60_000, pollMs: 2 });
  try {
    fs.closeSync(fs.openSync(inside, "wx"));
  } catch {
    process.stdout.write("OVERLAP\n");
    process.exit(3);
  }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
  fs.unlinkSync(inside);
  held.release();
  process.stdout.write("ok\n");
}

main().catch((e) => {
  process.stdout.write(`FAILED ${(e as Error).message}\n`);
  process.exit(4);
});
