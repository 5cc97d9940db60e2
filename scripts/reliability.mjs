// npm run test:reliability: the reliability suite (test/reliability) at full size, with the
// figures the README quotes. `npm test` runs the same files at a smaller size.
import { spawnSync } from "node:child_process";

const r = spawnSync(process.execPath, ["scripts/vitest.mjs", "test/reliability"], {
  stdio: "inherit",
  env: { ...process.env, KUBESIM_RELIABILITY: "full" },
});
process.exit(r.status ?? 1);
