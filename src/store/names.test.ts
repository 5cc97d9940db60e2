import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ClusterNameError,
  checkClusterName,
  checkNewClusterName,
  clusterPath,
  isClusterName,
  MAX_NEW_NAME,
  showName,
} from "./names.js";

const RULE =
  "a cluster name is lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.";

describe("checkClusterName", () => {
  it("accepts DNS labels up to 63 characters", () => {
    for (const n of ["kubesim", "lab1", "a", "a-b-c", "0", "x".repeat(63)])
      expect(checkClusterName(n, { kind: "argument" })).toBe(n);
  });

  it("refuses what could become a path, naming the name, its source and the rule", () => {
    const bad = ["", ".", "..", "../x", "/etc", "a/b", "a\\b", "%2e%2e", "a\0b", "-a", "a-", "A", "a b", "~"];
    for (const n of bad) {
      expect(isClusterName(n)).toBe(false);
      expect(() => checkClusterName(n, { kind: "flag", flag: "--context" })).toThrow(
        `error: invalid cluster name ${JSON.stringify(n)} from --context: ${RULE}`,
      );
    }
  });

  it("says where the name came from", () => {
    const msg = (source: Parameters<typeof checkClusterName>[1]) => {
      try {
        checkClusterName("../x", source);
      } catch (e) {
        expect(e).toBeInstanceOf(ClusterNameError);
        return (e as Error).message.split(":")[1];
      }
      throw new Error("not refused");
    };
    expect(msg({ kind: "argument" })).toBe(' invalid cluster name "../x" on the command line');
    expect(msg({ kind: "flag", flag: "--cluster" })).toBe(' invalid cluster name "../x" from --cluster');
    expect(msg({ kind: "env" })).toBe(
      ' invalid cluster name "../x" from the environment variable KUBESIM_CLUSTER',
    );
    expect(msg({ kind: "config", file: "/h/config.json" })).toBe(
      ' invalid cluster name "../x" from currentCluster in /h/config.json',
    );
  });

  it("tells a config.json problem how to get out of it, and refuses values that are not strings", () => {
    expect(() => checkClusterName(7, { kind: "config", file: "/h/config.json" })).toThrow(
      "error: invalid cluster name 7 from currentCluster in /h/config.json: it is not a string; " +
        "a cluster name is lower-case letters, digits and '-', starting and ending with a letter or digit.\n" +
        "Run kubesim cluster use NAME to choose another cluster, or remove that file to start over.",
    );
  });

  it("gives a long name a clear sentence with its length, not the whole name", () => {
    const long = "a".repeat(300);
    expect(() => checkClusterName(long, { kind: "argument" })).toThrow(
      `error: invalid cluster name "${"a".repeat(40)}..." (300 characters) on the command line: a cluster name has at most 63 characters.`,
    );
  });

  it("keeps a new cluster's node names within a hostname", () => {
    expect(MAX_NEW_NAME).toBe(49);
    expect(checkNewClusterName("x".repeat(49), { kind: "argument" })).toBe("x".repeat(49));
    expect(() => checkNewClusterName("x".repeat(50), { kind: "argument" })).toThrow(
      "a new cluster's name has at most 49 characters, so that node names such as NAME-control-plane stay within the 63 characters of a hostname.",
    );
    // A cluster made before the limit, up to 63 characters, stays usable.
    expect(checkClusterName("x".repeat(50), { kind: "argument" })).toBe("x".repeat(50));
  });
});

describe("showName", () => {
  it("escapes control characters and cuts long names", () => {
    expect(showName("a\nb\0")).toBe('"a\\nb\\u0000"');
    expect(showName("b".repeat(64))).toBe(JSON.stringify("b".repeat(64)));
    expect(showName("b".repeat(65))).toBe(`"${"b".repeat(40)}..." (65 characters)`);
  });
});

describe("clusterPath", () => {
  const clusters = path.join("/home/u/.kubesim", "clusters");

  it("is the directory right below clusters/", () => {
    expect(clusterPath(clusters, "lab1")).toBe("/home/u/.kubesim/clusters/lab1");
    expect(clusterPath("rel/clusters", "lab1")).toBe("rel/clusters/lab1");
  });

  it("refuses, whatever the name, a directory anywhere else", () => {
    for (const n of [
      "",
      ".",
      "..",
      "../x",
      "../../victim",
      "/etc",
      "a/b",
      "a/../../b",
      "a/..",
      "x\0y",
      "x/",
    ]) {
      expect(() => clusterPath(clusters, n), JSON.stringify(n)).toThrow(
        `error: kubesim refuses to use ${JSON.stringify(n)} as a cluster: its directory would not be inside /home/u/.kubesim/clusters`,
      );
    }
  });
});
