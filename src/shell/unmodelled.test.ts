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

describe("the image's commands in their directories", () => {
  it("are listed by ls, though they are no files in the tree", async () => {
    const { run } = testShell();
    const names = (await run("ls /usr/bin")).out.split("\n");
    expect(names).toEqual(expect.arrayContaining(["cat", "ls", "sleep"]));
    expect((await run("ls -l /usr/bin/ls")).out).toMatch(/^-rwxr-xr-x 1 root root 0 .* \/usr\/bin\/ls\n$/);
    // A file written there is listed once, as written.
    expect((await run("echo x > /usr/bin/ls2; chmod 644 /usr/bin/ls2; ls -l /usr/bin/ls2")).out).toMatch(
      /^-rw-r--r-- 1 root root 2 /,
    );
    expect((await run("ls /usr/bin/nosuch")).status).toBe(2);
  });
});
