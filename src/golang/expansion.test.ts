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
  it("asks a lookup context by name, an undefined answer passing on to the next", () => {
    const asked: string[] = [];
    const lookup = (name: string) => {
      asked.push(name);
      return name === "WEB_SERVICE_HOST" ? "10.96.0.7" : undefined;
    };
    const m2 = mappingFor({ PORT: "80" }, lookup, { LAST: "z" });
    expect(expand("$(WEB_SERVICE_HOST):$(PORT) $(LAST) $(NOPE)", m2)).toBe("10.96.0.7:80 z $(NOPE)");
    expect(asked).toEqual(["WEB_SERVICE_HOST", "LAST", "NOPE"]);
  });
});
