import { describe, expect, it } from "vitest";
import { documentForSchema, explainOpenAPIV3, type Schema } from "./openapiv3.js";
import { wrapString } from "./wordwrap.js";

// A CustomResourceDefinition's schema renders through the same template as the built-in kinds.
const crontab: Schema = {
  description: "CronTab is a custom resource.",
  type: "object",
  properties: {
    spec: {
      type: "object",
      required: ["cronSpec"],
      properties: {
        cronSpec: { type: "string", description: "The schedule, in cron format." },
        replicas: { type: "integer", format: "int32" },
        mode: { type: "string", enum: ["", "Fast", "Slow", "Paused", "Stopped"] },
      },
    },
  },
};
const gvk = { group: "stable.example.com", version: "v1", kind: "CronTab" };

describe("explainOpenAPIV3 on a schema of one's own", () => {
  it("lists fields with their types, -required- and at most four enum values", () => {
    const r = explainOpenAPIV3(documentForSchema(gvk, crontab), gvk, ["spec"], false);
    expect(r.error).toBeUndefined();
    expect(r.out).toBe(
      [
        "GROUP:      stable.example.com",
        "KIND:       CronTab",
        "VERSION:    v1",
        "",
        "FIELD: spec <Object>",
        "",
        "",
        "DESCRIPTION:",
        "    <empty>",
        "FIELDS:",
        "  cronSpec\t<string> -required-",
        "    The schedule, in cron format.",
        "",
        "  mode\t<string>",
        '  enum: "", Fast, Slow, Paused, ....',
        "    <no description>",
        "",
        "  replicas\t<integer>",
        "    <no description>",
        "",
        "",
        "",
      ].join("\n"),
    );
  });

  it("names the first missing field's last path word, as kubectl's template does", () => {
    const r = explainOpenAPIV3(documentForSchema(gvk, crontab), gvk, ["spec", "nope", "deeper"], false);
    expect(r.error).toBe('error: field "deeper" does not exist');
  });
});

describe("wrapString (go-wordwrap)", () => {
  it("breaks at spaces, keeps line breaks, and lets long words run over", () => {
    expect(wrapString("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wrapString("one\n\ntwo", 3)).toBe("one\n\ntwo");
    expect(wrapString("see https://example.com/a/very/long/url here", 10)).toBe(
      "see\nhttps://example.com/a/very/long/url\nhere",
    );
  });
});
