// A command the image has but kubesim cannot run (sed and awk in Debian's images) is said to
// be kubesim's gap, not reported "not found", which would tell a learner the image lacks it.
import { describe, expect, it } from "vitest";
import { testShell } from "./testkit.js";

describe("a command the image has that kubesim does not model", () => {
  it("is named as kubesim's gap, status 127, where an unknown name is not found", async () => {
    const { run } = testShell({ listed: ["sed", "ls"] });
    expect(await run("sed -n 1p /etc/hostname")).toMatchObject({
      out: "",
      err: "kubesim: sed is in this container's image, but kubesim does not model it\n",
      status: 127,
    });
    expect(await run("nosuch")).toMatchObject({ err: "bash: nosuch: command not found\n", status: 127 });
    // A modelled command runs as before, and a path is looked up as a file.
    expect((await run("ls -d /tmp")).out).toBe("/tmp\n");
    expect((await run("/usr/bin/sed x")).err).toBe("bash: /usr/bin/sed: No such file or directory\n");
  });
});
