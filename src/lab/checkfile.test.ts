// The check-file format: what it accepts (and the defaults it fills in), and the errors that
// name the step and the field a lab author got wrong.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckFileError, parseCheckFile, type Step } from "./checkfile.js";

const error = (text: string) => {
  try {
    parseCheckFile(text);
  } catch (e) {
    if (e instanceof CheckFileError) return e.message;
    throw e;
  }
  throw new Error("parsed");
};

describe("parseCheckFile", () => {
  it("reads each step type with its defaults", () => {
    const f = parseCheckFile(`
name: demo
namespace: lab
steps:
  - pod: {name: testpod}
  - pod: {selector: app=web, count: 2, namespace: other}
  - endpoints: {service: web, ready: 2}
  - name: fields
    object: {kind: svc, name: web, fields: {.spec.type: NodePort, "{.spec.ports[0].port}": 80, .spec.clusterIP: null}}
  - curl: {url: "http://$(svc/web -n other .spec.clusterIP):80/", contains: hi}
  - curl: {from: pod -l app=web c1, url: "http://x/", fails: dns}
`);
    expect(f.title).toBe("demo");
    const [pod, pods, eps, obj, curl, fails] = f.steps as any[];
    expect(pod).toMatchObject({
      type: "pod",
      pod: "testpod",
      phase: "Running",
      ready: true,
      namespace: "lab",
    });
    expect(pod.name).toBe("pod testpod Running and ready");
    expect(pods).toMatchObject({ selector: "app=web", count: 2, namespace: "other" });
    expect(eps).toMatchObject({ service: "web", ready: 2, name: "Service web has 2 ready endpoints" });
    expect(obj.name).toBe("fields");
    expect(obj.r.kind).toBe("Service");
    // Decoded as kubectl decodes YAML (into JSON), so the fields come in key order.
    expect(obj.fields.map((x: any) => [x.path, x.want])).toEqual([
      [".spec.clusterIP", undefined],
      [".spec.type", "NodePort"],
      ["{.spec.ports[0].port}", "80"],
    ]);
    expect(curl).toMatchObject({ from: { kind: "node" }, status: 200, contains: "hi" });
    expect(curl.parts[0]).toBe("http://");
    expect(curl.parts[1]).toMatchObject({ name: "web", namespace: "other", path: ".spec.clusterIP" });
    expect(curl.parts[2]).toBe(":80/");
    expect(fails).toMatchObject({
      from: { kind: "pod", selector: "app=web", container: "c1" },
      fails: "dns",
    });
    expect(fails.status).toBeUndefined();
  });

  it("keeps JSONPath filters with parentheses and quotes inside a reference", () => {
    const f = parseCheckFile(
      `steps:\n  - curl: {from: outside, url: 'http://$(node/n1 .status.addresses[?(@.type=="InternalIP")].address):30080/'}\n`,
    );
    const step = f.steps[0] as Extract<Step, { type: "curl" }>;
    expect(step.parts).toHaveLength(3);
    expect(step.parts[2]).toBe(":30080/");
  });

  it("names the step and the field in its errors", () => {
    expect(error("steps: []")).toBe('"steps" must be a list with at least one step');
    expect(error("steps:\n  - curll: {url: x}")).toMatch(/^step 1: unknown field "curll"/);
    expect(error("steps:\n  - pod: {name: a}\n  - pod: {name: b, colour: red}")).toMatch(
      /^step 2, pod: unknown field "colour"/,
    );
    expect(error("steps:\n  - pod: {name: a}\n    curl: {url: x}")).toMatch(
      /exactly one of .* \(found curl, pod\)/,
    );
    expect(error("steps:\n  - name: n\n    pod: {name: web}")).toMatch(
      /^step 1: "name" must be a string: quote it/,
    );
    expect(error("steps:\n  - name: eps\n    endpoints: {service: web}")).toBe(
      'step 1 (eps), endpoints: "ready" (the number of ready endpoints) is required',
    );
    expect(error("steps:\n  - object: {kind: Foo, name: x}")).toMatch(/unknown kind "Foo"/);
    expect(error('steps:\n  - object: {kind: svc, name: x, fields: {".spec.ports[": 1}}')).toMatch(
      /JSONPath \.spec\.ports\[:/,
    );
    expect(error('steps:\n  - curl: {url: "http://$(svc/web)/"}')).toMatch(/write \$\(TYPE\/NAME/);
    expect(error('steps:\n  - curl: {url: "http://$(svc/web .a/"}')).toMatch(/unclosed "\$\("/);
    expect(error("steps:\n  - curl: {url: x, fails: refused, status: 200}")).toMatch(
      /"fails" cannot go with/,
    );
    expect(error("steps:\n  - curl: {url: x, fails: nope}")).toMatch(
      /one of refused, timeout, dns, no-route/,
    );
    expect(error("steps:\n  - curl: {url: x, from: pod}")).toMatch(/"from" is "node \[NAME\]"/);
    expect(error("steps:\n  - pod: {name: a, selector: b=c}")).toMatch(/give "name" or "selector"/);
    expect(error("steps:\n\t- a")).toMatch(
      /^not valid YAML: yaml: line 2: found character that cannot start any token/,
    );
  });

  it("parses every check in manifests/checks", () => {
    const dir = join(__dirname, "../../manifests/checks");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files)
      expect(parseCheckFile(readFileSync(join(dir, f), "utf8")).steps.length).toBeGreaterThan(0);
  });
});
