// Preloaded (node --require) into a kubesim process by bounds.test.ts: on exit, writes the
// process's own wall time and peak resident memory to the file KUBESIM_MEASURE_OUT names,
// so the test measures the command and not the machinery that spawned it.
"use strict";
const fs = require("node:fs");

const start = performance.now();
const out = process.env.KUBESIM_MEASURE_OUT;
if (out) {
  process.on("exit", () => {
    const ms = performance.now() - start;
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    fs.writeFileSync(out, JSON.stringify({ ms, rssMiB }));
  });
}
