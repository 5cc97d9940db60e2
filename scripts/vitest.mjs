// Runs vitest directly (npx adds ~0.3 s); in CI also writes the JSON report .ci/run reads.
import { spawnSync } from "node:child_process";

const args = ["node_modules/vitest/vitest.mjs", "run", ...process.argv.slice(2)];
const json = process.env.KUBESIM_VITEST_JSON;
if (json) args.push("--reporter=default", "--reporter=json", `--outputFile.json=${json}`);
const r = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(r.status ?? 1);
