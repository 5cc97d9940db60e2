import { describe, expect, it } from "vitest";
import { containerNameFor, parseTcp } from "./create.js";
import { jsonMergePatch, jsonPatch, PatchError, strategicMergePatch } from "./patch-apply.js";

const deploy = () => ({
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: "a", image: "httpd", ports: [{ containerPort: 80 }], env: [{ name: "X", value: "1" }] },
          { name: "b", image: "busybox" },
        ],
      },
    },
  },
});

describe("strategic merge patch", () => {
  it("merges containers by name and ports by containerPort", () => {
    const out: any = strategicMergePatch(deploy(), {
      spec: {
        template: { spec: { containers: [{ name: "a", image: "nginx", ports: [{ containerPort: 8080 }] }] } },
      },
    });
    const [a, b] = out.spec.template.spec.containers;
    expect(a.image).toBe("nginx");
    expect(a.ports).toEqual([{ containerPort: 8080 }, { containerPort: 80 }]);
    expect(a.env).toEqual([{ name: "X", value: "1" }]);
    expect(b).toEqual({ name: "b", image: "busybox" });
  });

  it("deletes with null and $patch: delete, replaces with $patch: replace", () => {
    const out: any = strategicMergePatch(deploy(), {
      spec: { replicas: null, template: { spec: { containers: [{ name: "b", $patch: "delete" }] } } },
    });
    expect(out.spec.replicas).toBeUndefined();
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["a"]);
    const rep: any = strategicMergePatch(deploy(), { spec: { $patch: "replace", replicas: 2 } });
    expect(rep.spec).toEqual({ replicas: 2 });
  });

  it("merges service ports by port", () => {
    const out: any = strategicMergePatch(
      { spec: { ports: [{ port: 80, targetPort: 80 }] } },
      { spec: { ports: [{ port: 80, nodePort: 30080 }] } },
    );
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 80, nodePort: 30080 }]);
  });
});

describe("JSON merge patch and JSON patch", () => {
  it("replaces lists in a merge patch", () => {
    const out: any = jsonMergePatch(deploy(), {
      spec: { template: { spec: { containers: [{ name: "c" }] } } },
    });
    expect(out.spec.template.spec.containers).toEqual([{ name: "c" }]);
  });

  it("applies RFC 6902 operations and reports kubectl's errors", () => {
    const out: any = jsonPatch(deploy(), [
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/spec/template/spec/containers/-", value: { name: "c" } },
      { op: "remove", path: "/spec/template/spec/containers/0" },
    ]);
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["b", "c"]);
    expect(() => jsonPatch(deploy(), [{ op: "remove", path: "/spec/nope" }])).toThrow(
      new PatchError(
        "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value",
      ),
    );
  });
});

describe("create generators", () => {
  it("names containers after the image, as kubectl create deployment does", () => {
    expect(containerNameFor("nginx:1.27", () => "xxxxx")).toBe("nginx");
    expect(containerNameFor("registry.k8s.io/e2e-test-images/agnhost:2.39", () => "xxxxx")).toBe("agnhost");
    expect(containerNameFor("my.reg/foo_bar.baz:1.2", () => "rqsv4")).toBe("foo-bar-baz-rqsv4");
  });

  it("names --tcp ports after their spec", () => {
    expect(parseTcp(["80", "443:8443"])).toEqual([
      { name: "80", protocol: "TCP", port: 80, targetPort: 80 },
      { name: "443-8443", protocol: "TCP", port: 443, targetPort: 8443 },
    ]);
  });
});
