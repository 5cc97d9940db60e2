import { describe, expect, it } from "vitest";
import { statusMounts } from "./podstatus.js";

describe("a container status's volumeMounts", () => {
  it("are VolumeMountStatus: name, path, readOnly when true, recursiveReadOnly; no subPath", () => {
    expect(
      statusMounts({
        name: "c",
        volumeMounts: [
          { name: "conf", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
          { name: "data", mountPath: "/data", mountPropagation: "None" },
        ],
      }),
    ).toEqual([
      { name: "conf", mountPath: "/etc/nginx/nginx.conf", readOnly: true, recursiveReadOnly: "Disabled" },
      { name: "data", mountPath: "/data", recursiveReadOnly: "Disabled" },
    ]);
  });
});
