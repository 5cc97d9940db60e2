import { describe, expect, it } from "vitest";
import { rootLayout } from "./layout.js";
import { imageModel } from "./registry.js";

const layoutOf = (image: string) => {
  const m = imageModel(image);
  if (!m) throw new Error(`no model for ${image}`);
  return rootLayout(m);
};

describe("an image's root layout", () => {
  it("is Debian bookworm's merged /usr for the images built on it", () => {
    for (const image of ["nginx", "httpd", "debian", "python"]) {
      const l = layoutOf(image);
      expect(l?.links).toContainEqual(["/bin", "usr/bin"]);
      expect(l?.links).toContainEqual(["/sbin", "usr/sbin"]);
      expect(l?.dirs).toEqual(expect.arrayContaining(["/proc", "/sys", "/run", "/usr/bin", "/home"]));
    }
  });

  it("is left alone where kubesim does not know it (busybox, alpine, Ubuntu)", () => {
    for (const image of ["busybox", "alpine", "ubuntu"]) expect(layoutOf(image)).toBeUndefined();
  });
});
