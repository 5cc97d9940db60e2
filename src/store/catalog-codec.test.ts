import { describe, expect, it } from "vitest";
import { bucketFiles, catalogFiles, fileOf, isTag } from "./catalog-codec.js";
import type { Catalog } from "./objects.js";

describe("the catalog's entries", () => {
  // As meta.json holds them: tags, a whole name kept from an older state, empty shards.
  const catalog: Catalog = {
    pods: {
      shards: ["41.17233", "", "7.99", "pods.3.12.json"],
      summaries: ["41.17233", "", "7.99", ""],
      counts: [3, 0, 1, 1],
    },
    "crontabs.stable.example.com": { shards: ["5.6"] },
  };

  it("name each file by its tag, and give its whole name from the bucket and its place", () => {
    expect(fileOf("pods", 0, "41.17233", false)).toBe("pods.0.41.17233.json");
    expect(fileOf("pods", 2, "7.99", true)).toBe("pods.summary.2.7.99.json");
    expect(fileOf("crontabs.stable.example.com", 0, "5.6", false)).toBe(
      "crontabs.stable.example.com.0.5.6.json",
    );
    expect(fileOf("pods", 1, "", false)).toBe("");
  });

  it("keep a whole name (a schema-1 catalog, a file without a pid) as it is, so it is checked as written", () => {
    expect(fileOf("pods", 3, "pods.3.12.json", false)).toBe("pods.3.12.json");
    expect(fileOf("pods", 1, "../../etc/passwd", false)).toBe("../../etc/passwd");
    for (const notTag of ["41", "41.", ".5", "4.1.2", "a.1", "../1.2", "1.2 "])
      expect(isTag(notTag)).toBe(false);
    expect(isTag("41.17233")).toBe(true);
  });

  it("list every file they name, and one bucket's", () => {
    expect(catalogFiles({ catalog })).toEqual([
      "pods.0.41.17233.json",
      "pods.2.7.99.json",
      "pods.3.12.json",
      "pods.summary.0.41.17233.json",
      "pods.summary.2.7.99.json",
      "crontabs.stable.example.com.0.5.6.json",
    ]);
    expect(bucketFiles(catalog, "pods")).toEqual([
      "pods.0.41.17233.json",
      "pods.2.7.99.json",
      "pods.3.12.json",
    ]);
    expect(bucketFiles(catalog, "services")).toEqual([]);
  });
});
