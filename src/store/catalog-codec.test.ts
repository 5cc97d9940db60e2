import { describe, expect, it } from "vitest";
import { catalogFiles, decodeCatalog, encodeCatalog } from "./catalog-codec.js";
import type { Catalog } from "./objects.js";

describe("the catalog in meta.json", () => {
  const catalog: Catalog = {
    pods: {
      shards: ["pods.0.41.17233.json", "", "pods.2.7.99.json", "pods.3.12.json"],
      summaries: ["pods.summary.0.41.17233.json", "", "pods.summary.2.7.99.json", ""],
      counts: [3, 0, 1, 1],
    },
    "crontabs.stable.example.com": { shards: ["crontabs.stable.example.com.0.5.6.json"] },
  };

  it("names each file by its tag where its place implies the rest, and reads back whole names", () => {
    const stored = encodeCatalog(catalog);
    expect(stored.pods?.shards).toEqual(["41.17233", "", "7.99", "pods.3.12.json"]);
    expect(stored.pods?.summaries).toEqual(["41.17233", "", "7.99", ""]);
    expect(stored.pods?.counts).toEqual([3, 0, 1, 1]);
    expect(stored["crontabs.stable.example.com"]?.shards).toEqual(["5.6"]);
    // The catalog in use is not changed by writing it.
    expect(catalog.pods?.shards[0]).toBe("pods.0.41.17233.json");
    const back = JSON.parse(JSON.stringify(stored));
    decodeCatalog(back);
    expect(back).toEqual(catalog);
  });

  it("keeps a name whose place does not match it whole, so it is checked as written", () => {
    const moved: Catalog = { pods: { shards: ["pods.1.4.5.json", "../../etc/passwd"] } };
    const stored = encodeCatalog(moved);
    expect(stored.pods?.shards).toEqual(["pods.1.4.5.json", "../../etc/passwd"]);
    decodeCatalog(stored);
    expect(stored.pods?.shards).toEqual(["pods.1.4.5.json", "../../etc/passwd"]);
  });

  it("reads a schema-1 catalog of whole names as it is, and leaves what is not a catalog to the shape check", () => {
    const old = JSON.parse(JSON.stringify(catalog));
    decodeCatalog(old);
    expect(old).toEqual(catalog);
    // Written back, it takes the new form.
    expect(encodeCatalog(old).pods?.shards).toEqual(["41.17233", "", "7.99", "pods.3.12.json"]);
    // A decoded list written back after one entry changed: that entry is encoded afresh.
    const read = encodeCatalog(catalog);
    decodeCatalog(read);
    (read.pods as { shards: string[] }).shards[1] = "pods.1.50.60.json";
    expect(encodeCatalog(read).pods?.shards).toEqual(["41.17233", "50.60", "7.99", "pods.3.12.json"]);
    for (const bad of [null, 3, "x", { pods: null }, { pods: { shards: "41.1" } }]) {
      expect(() => decodeCatalog(bad)).not.toThrow();
    }
    expect(catalogFiles({ catalog: encodeCatalog(catalog) })).toEqual([
      "pods.0.41.17233.json",
      "pods.2.7.99.json",
      "pods.3.12.json",
      "pods.summary.0.41.17233.json",
      "pods.summary.2.7.99.json",
      "crontabs.stable.example.com.0.5.6.json",
    ]);
  });
});
