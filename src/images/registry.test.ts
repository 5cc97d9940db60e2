import { describe, expect, it } from "vitest";
import { imageInfo } from "./catalog.js";
import { imageModel, isNearMiss, nearMissOf, pullFailureMessage } from "./index.js";

describe("image registry", () => {
  it("accepts tags, registries and digests", () => {
    for (const ref of [
      "httpd",
      "httpd:2.4",
      "docker.io/library/httpd:2.4",
      "library/httpd",
      "httpd@sha256:0123456789abcdef",
    ])
      expect(imageModel(ref)?.repo).toBe("httpd");
    expect(imageModel("nginx:1.27")?.repo).toBe("nginx");
    expect(imageModel("gcr.io/google_containers/echoserver:1.4")?.repo).toBe("registry.k8s.io/echoserver");
    expect(imageModel("acme/shop")).toBeUndefined();
  });

  it("has a model for every image the catalog sizes, except pause", () => {
    for (const repo of [
      "ubuntu",
      "debian",
      "busybox",
      "alpine",
      "python",
      "curlimages/curl",
      "radial/busyboxplus:curl",
    ])
      expect(imageModel(repo), repo).toBeDefined();
    expect(imageInfo("radial/busyboxplus:curl")?.repo).toBe("radial/busyboxplus");
  });

  it("knows which tools each image starts with", () => {
    expect(imageModel("ubuntu")!.tools).not.toContain("curl");
    expect(imageModel("ubuntu")!.tools).not.toContain("ping");
    expect(imageModel("httpd")!.tools).not.toContain("curl");
    expect(imageModel("nginx")!.tools).toContain("curl");
    expect(imageModel("busybox")!.tools).toEqual(expect.arrayContaining(["wget", "nslookup", "ping", "nc"]));
    expect(imageModel("nicolaka/netshoot")!.tools).toEqual(
      expect.arrayContaining(["curl", "dig", "ip", "tcpdump"]),
    );
    expect(imageModel("ubuntu")!.packages?.installable["iputils-ping"]).toEqual(["ping"]);
    expect(imageModel("alpine")!.shell).toBe("sh");
    expect(imageModel("hashicorp/http-echo")!.shell).toBeNull();
    expect(imageModel("ubuntu")!.files()["/etc/os-release"]).toContain('VERSION_ID="24.04"');
  });

  it("reads the tags that change what a learner sees", () => {
    expect(imageModel("ubuntu")!.curlVersion).toBe("8.5.0");
    expect(imageModel("ubuntu:22.04")!.curlVersion).toBe("7.81.0");
    expect(imageModel("ubuntu:jammy")!.files()["/etc/os-release"]).toContain("Jammy Jellyfish");
  });

  it("spots near misses", () => {
    for (const typo of [
      "htppd",
      "ngnix",
      "nignx",
      "ubunto",
      "busybx",
      "alpien",
      "pyhton:3",
      "nginx-",
      "registry.k8s.io/ehcoserver",
      "nginx:lastest",
      "httpd:lates",
    ])
      expect(isNearMiss(typo), typo).toBe(true);
    for (const fine of [
      "nginx",
      "httpd:2.4",
      "redis",
      "node",
      "postgres",
      "acme/shop",
      "nginx:stable",
      "nginx:1.27",
    ])
      expect(isNearMiss(fine), fine).toBe(false);
    expect(nearMissOf("htppd")).toBe("httpd");
  });

  it("fails a misspelt tag of a real repository with the registry's not found", () => {
    expect(pullFailureMessage("nginx:lastest")).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:lastest": failed to resolve reference "docker.io/library/nginx:lastest": docker.io/library/nginx:lastest: not found',
    );
  });

  it("fails a near-miss pull with containerd's words", () => {
    expect(pullFailureMessage("htppd")).toBe(
      'failed to pull and unpack image "docker.io/library/htppd:latest": failed to resolve reference "docker.io/library/htppd:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });
});
