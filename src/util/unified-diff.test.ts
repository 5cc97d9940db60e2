// Expected texts are GNU diff 3.x's `diff -u` output for the same inputs (headers cut).
import { describe, expect, it } from "vitest";
import { unifiedHunks } from "./unified-diff.js";

const seq = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\n`).join("");

describe("unifiedHunks", () => {
  it("is empty for equal texts", () => {
    expect(unifiedHunks(seq(5), seq(5))).toBe("");
  });

  it("writes hunks with 3 lines of context and diff's ranges", () => {
    const b = seq(30).replace("\n5\n", "\nfive\n").replace("\n20\n", "\n").replace("\n28\n", "\n28\nx\n");
    expect(unifiedHunks(seq(30), b)).toBe(
      "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n" +
        "@@ -17,7 +17,6 @@\n 17\n 18\n 19\n-20\n 21\n 22\n 23\n" +
        "@@ -26,5 +25,6 @@\n 26\n 27\n 28\n+x\n 29\n 30\n",
    );
  });

  it("writes an empty side as line 0", () => {
    expect(unifiedHunks("", seq(3))).toBe("@@ -0,0 +1,3 @@\n+1\n+2\n+3\n");
    expect(unifiedHunks(seq(3), "")).toBe("@@ -1,3 +0,0 @@\n-1\n-2\n-3\n");
  });
});
