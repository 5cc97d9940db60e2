// The static reading of a container's `sh -c` script (listeners, start-up writes) must end on
// every script, including the compound commands it does not model: a `for` loop at the top
// used to make it add empty commands forever, until the heap ran out.
import { describe, expect, it } from "vitest";
import { parseScript } from "./shellscript.js";

describe("parseScript", () => {
  it("steps over for/if keywords it does not model", () => {
    expect(parseScript("for i in 1 2 3; do echo $i; done")).toEqual([
      { kind: "cmd", words: ["for", "i", "in", "1", "2", "3"] },
      { kind: "cmd", words: ["echo", ""] },
    ]);
    // `if true` is one command to this reader; `then` and `fi` are stepped over.
    const words = parseScript("if true; then httpd -f -p 80; fi").map((n) => n.kind === "cmd" && n.words[0]);
    expect(words).toEqual(["if", "httpd"]);
  });

  it("still reads a while loop", () => {
    expect(parseScript("while true; do echo x; sleep 2; done")[0].kind).toBe("while");
  });
});
