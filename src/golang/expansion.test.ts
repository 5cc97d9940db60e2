import { describe, expect, it } from "vitest";
import { expand, mappingFor } from "./expansion.js";

const m = mappingFor(
  { PROTOCOL: "https", SERVICE_IP: "172.17.0.1" },
  { SERVICE_PORT: "80", PROTOCOL: "http" },
);

describe("expand (third_party/forked/golang/expansion)", () => {
  it("replaces known names, the first context winning, and keeps unknown ones", () => {
    expect(expand("$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)", m)).toBe("https://172.17.0.1:80");
    expect(expand("$(NOPE)/x", m)).toBe("$(NOPE)/x");
  });
  it("turns $$ into $ and so escapes a reference", () => {
    expect(expand("$$(PROTOCOL)://$(SERVICE_IP)", m)).toBe("$(PROTOCOL)://172.17.0.1");
    expect(expand("$$$$", m)).toBe("$$");
  });
  it("keeps a $ that starts no reference, an unclosed reference and a trailing $", () => {
    expect(expand("$HOME and $x", m)).toBe("$HOME and $x");
    expect(expand("$(PROTOCOL", m)).toBe("$(PROTOCOL");
    expect(expand("cost: 5$", m)).toBe("cost: 5$");
    expect(expand("$()", m)).toBe("$()");
  });
});
