// Memory bounds: hostile command lines fail with the shell's words, fast, and the shell lives on.
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./budget.js";
import { testShell } from "./testkit.js";

const MIB = 1024 * 1024;

/** Runs `f` and checks it took under `ms` (hostile input must not make kubesim crawl). */
async function quick<T>(f: () => Promise<T>, ms = 2000): Promise<T> {
  const t = Date.now();
  const r = await f();
  expect(Date.now() - t).toBeLessThan(ms);
  return r;
}

describe("brace expansion", () => {
  it("refuses a billion words with bash's message, and the script stops", async () => {
    const { script } = testShell();
    const r = await quick(() => script("echo {1..1000}{1..1000}{1..1000}\necho after"));
    expect(r).toEqual({
      out: "",
      err: `bash: line 1: brace expansion: cannot allocate memory for {1..1000}{1..1000}{1..1000} (kubesim stops at ${DEFAULT_LIMITS.maxBraceWords} words)\n`,
      status: 1,
    });
  });

  it("refuses a huge sequence without building it", async () => {
    const { run } = testShell();
    const r = await quick(() => run("echo {1..1000000000}"));
    expect(r.err).toBe(
      `bash: brace expansion: failed to allocate memory for 1000000000 elements (kubesim stops at ${DEFAULT_LIMITS.maxBraceWords} words)\n`,
    );
    expect(r.status).toBe(1);
  });

  it("still expands up to the limit", async () => {
    const { run } = testShell();
    expect((await run("echo {1..100}{1..1000} | wc -w")).out).toBe("100000\n");
    expect((await run("echo a{b,c}{1..2}")).out).toBe("ab1 ab2 ac1 ac2\n");
  });
});

describe("string size", () => {
  it("stops a doubling variable as bash's xmalloc would, status 2, the shell alive", async () => {
    const { run } = testShell();
    const r = await quick(() => run("x=a; while true; do x=$x$x; done; echo never"));
    expect(r.out).toBe("");
    expect(r.err).toBe(
      "bash: xmalloc: cannot allocate 33554432 bytes (kubesim caps a shell string at 16 MiB)\n",
    );
    expect(r.status).toBe(2);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    expect((await run("echo ${#x}")).out).toBe(`${16 * MIB}\n`);
  });

  it("words it as busybox does in sh", async () => {
    const { run } = testShell({ shellName: "sh" });
    const r = await quick(() => run("x=a; while true; do x=$x$x; done"));
    expect(r.err).toBe("sh: out of memory (kubesim caps a shell string at 16 MiB)\n");
    expect(r.status).toBe(2);
  });

  it("bounds a pipe's and $(...)'s buffered output", async () => {
    const { run } = testShell();
    const big = 'x=$(printf "%01000000d" 0); for i in {1..100}; do echo $x; done';
    for (const line of [`${big} | wc -c`, `y=$(${big}); echo $y | wc -c`]) {
      const r = await quick(() => run(line));
      expect(r.err).toMatch(/^bash: xmalloc: cannot allocate 17000017 bytes/);
      expect(r.status).toBe(2);
    }
  });

  it("refuses a printf width it cannot hold before padding", async () => {
    const { run } = testShell();
    const r = await quick(() => run("printf '%500000000s' x | wc -c"));
    expect(r.err).toMatch(/^bash: xmalloc: cannot allocate 500000000 bytes/);
    expect((await run("printf '%.500000000d' 1 | wc -c")).err).toMatch(/cannot allocate 500000000 bytes/);
    expect((await run("printf '%.500000000s|' abc")).out).toBe("abc|");
  });

  it("stops output to the terminal after 16 MiB in one command line", async () => {
    const { run } = testShell();
    const r = await quick(() => run('x=$(printf "%01000000d" 0); for i in {1..100}; do echo $x; done'));
    expect(r.out.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxOutput);
    expect(r.err).toBe(
      "kubesim: stopped after 16 MiB of output: a real shell would keep writing until you pressed Ctrl-C\n",
    );
    expect(r.status).toBe(130);
  });
});

describe("the container's disk", () => {
  it("fills up at 4 MiB: each write to a full disk fails as bash's does, and rm frees the space", async () => {
    const { run } = testShell();
    const fill = 'x=$(printf "%01000000d" 0); for i in {1..10}; do echo $x >> /tmp/f; done';
    const r = await quick(() => run(fill));
    // Four megabytes fit; the six echos after them each fail, and the loop goes on.
    expect(r.err).toBe("bash: echo: write error: No space left on device\n".repeat(6));
    expect(r.status).toBe(1);
    expect((await run("tee -a /tmp/f < /tmp/f > /dev/null")).err).toBe(
      "tee: /tmp/f: No space left on device\n",
    );
    await run("rm /tmp/f");
    expect((await run("echo small > /tmp/g; cat /tmp/g")).out).toBe("small\n");
  });
});

describe("path lengths", () => {
  it("refuses names over 255 bytes and paths over 4096, as Linux does", async () => {
    const { run } = testShell();
    const long = "b".repeat(256);
    expect(await run(`touch /tmp/${long}`)).toEqual({
      out: "",
      err: `touch: cannot touch '/tmp/${long}': File name too long\n`,
      status: 1,
    });
    const t = Date.now();
    const deep = await run(`mkdir -p /tmp/${"a/".repeat(30000)}; echo $?`);
    expect(deep.err).toMatch(/^mkdir: cannot create directory '.*': File name too long\n$/);
    expect(deep.out).toBe("1\n");
    expect(Date.now() - t).toBeLessThan(2000);
    expect((await run(`mkdir -p /tmp/${"a/".repeat(1000)}; echo $?`)).out).toBe("0\n");
  });
});
