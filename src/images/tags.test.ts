import { describe, expect, it } from "vitest";
import { busyboxRelease, imageModel, pullFails, pullFailureMessage, tagExists } from "./index.js";

describe("image tags", () => {
  it("knows the tags catalogued repositories publish", () => {
    for (const ref of [
      "busybox",
      "busybox:1.28",
      "busybox:1.28.4",
      "busybox:1.36.1-musl",
      "busybox:uclibc",
      "busybox:stable-glibc",
      "nginx:1.14.2",
      "nginx:1.27-alpine",
      "nginx:alpine",
      "nginx:mainline",
      "httpd:2.4.62",
      "httpd:alpine",
      "ubuntu:jammy",
      "debian:bookworm-slim",
      "debian:12.8",
      "alpine:3.21",
      "python:3.13-slim",
      "curlimages/curl:8.11.1",
      "registry.k8s.io/e2e-test-images/agnhost:2.39",
      "k8s.gcr.io/echoserver:1.4",
      "registry.k8s.io/pause:3.10",
    ])
      expect(tagExists(ref), ref).toBe(true);
    for (const ref of [
      "busybox:nosuch",
      "busybox:1.28.9",
      "busybox:1.23",
      "nginx:1.14.9",
      "httpd:2.4.30",
      "alpine:4",
    ])
      expect(tagExists(ref), ref).toBe(false);
  });

  it("cannot tell for images without a list, or pinned by digest", () => {
    expect(tagExists("acme/shop:v2")).toBeUndefined();
    expect(tagExists("busybox:nosuch@sha256:0123456789abcdef")).toBeUndefined();
  });

  it("fails the pull of a tag that does not exist with containerd's NotFound", () => {
    expect(pullFails("busybox:nosuch")).toBe(true);
    expect(pullFails("busybox:1.28")).toBe(false);
    expect(pullFails("acme/shop:v2")).toBe(false);
    expect(pullFailureMessage("busybox:nosuch")).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/busybox:nosuch": failed to resolve reference "docker.io/library/busybox:nosuch": docker.io/library/busybox:nosuch: not found',
    );
  });

  it("reads the busybox release and C library from the tag", () => {
    expect(busyboxRelease("1.28")).toEqual({ version: "1.28.4", libc: "uclibc" });
    expect(busyboxRelease("1.28.2")).toEqual({ version: "1.28.2", libc: "uclibc" });
    expect(busyboxRelease("1.36")).toEqual({ version: "1.36.1", libc: "glibc" });
    expect(busyboxRelease("1.36-musl")).toEqual({ version: "1.36.1", libc: "musl" });
    expect(busyboxRelease("latest")).toEqual({ version: "1.37.0", libc: "glibc" });
    expect(busyboxRelease("stable")).toEqual({ version: "1.36.1", libc: "glibc" });
    expect(busyboxRelease("uclibc")).toEqual({ version: "1.37.0", libc: "uclibc" });
    expect(busyboxRelease("1")).toEqual({ version: "1.37.0", libc: "glibc" });
    expect(busyboxRelease("nosuch")).toBeUndefined();
    expect(busyboxRelease("1.99")).toBeUndefined();
  });

  it("gives the busybox model the release of its tag", () => {
    expect(imageModel("busybox:1.28")?.busyboxVersion).toBe("1.28.4");
    expect(imageModel("busybox")?.busyboxVersion).toBe("1.37.0");
    expect(imageModel("busybox:1.36-musl")?.libc).toBe("musl");
    expect(imageModel("radial/busyboxplus:curl")?.busyboxVersion).toBe("1.22.1");
  });
});
