// Writable mounts: a volume's files show at each mount path (subPath included), what a
// container writes there goes to the volume and not to the container's own tree, big files
// keep their newest bytes, and a removed pod's emptyDirs go.
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { Vfs } from "../shell/vfs.js";
import { forgetPodVolumes, mountVolumes, nodeDirEntries, saveMounts } from "./mounts.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default", uid: "u1" },
  spec: {
    nodeName: "t-control-plane",
    containers: [
      { name: "a", image: "busybox", volumeMounts: [{ name: "shared", mountPath: "/shared" }] },
      { name: "b", image: "busybox", volumeMounts: [{ name: "shared", mountPath: "/data", subPath: "sub" }] },
      { name: "h", image: "busybox", volumeMounts: [{ name: "host", mountPath: "/host" }] },
    ],
    volumes: [
      { name: "shared", emptyDir: {} },
      { name: "host", hostPath: { path: "/var/shared" } },
    ],
  },
} as unknown as Pod;

function write(c: Cluster, container: string, path: string, text: string): void {
  const fs = mountVolumes(c, pod, container, Vfs.fromFiles({ "/etc/hostname": "p\n" }));
  fs.mkdir(path.slice(0, path.lastIndexOf("/")), { parents: true });
  fs.write(path, text);
  const { tree } = saveMounts(c, pod, container, fs.toJSON());
  expect(Object.keys(tree.entries).some((p) => p.startsWith("/shared/") || p.startsWith("/data/"))).toBe(
    false,
  );
}

const read = (c: Cluster, container: string, path: string) =>
  mountVolumes(c, pod, container, new Vfs()).read(path);

describe("writable mounts", () => {
  it("shares an emptyDir between containers, subPath included", () => {
    const c = cluster();
    write(c, "a", "/shared/sub/index.html", "hello\n");
    expect(read(c, "b", "/data/index.html")).toBe("hello\n");
    write(c, "b", "/data/more.txt", "more\n");
    expect(read(c, "a", "/shared/sub/more.txt")).toBe("more\n");
  });

  it("keeps a hostPath on its node and shows it to the node", () => {
    const c = cluster();
    write(c, "h", "/host/log.txt", "x\n");
    expect(nodeDirEntries(c, "t-control-plane")["/var/shared/log.txt"]?.data).toBe("x\n");
    expect(nodeDirEntries(c, "other")).toEqual({});
  });

  it("keeps a big file's newest bytes and drops a removed pod's emptyDirs", () => {
    const c = cluster();
    write(c, "a", "/shared/big", `${"a".repeat(300 * 1024)}end`);
    expect(read(c, "a", "/shared/big").endsWith("end")).toBe(true);
    expect(read(c, "a", "/shared/big").length).toBe(256 * 1024);
    forgetPodVolumes(c, "u1");
    expect(mountVolumes(c, pod, "a", new Vfs()).exists("/shared/big")).toBe(false);
  });
});
