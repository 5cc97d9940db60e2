// Every state file (meta.json and each shard) corrupted five ways, for a verb that reads it
// and a verb that writes: the error names the file and how to start over, the exit code is
// 1, nothing is printed on stdout, and no file of the cluster changes (a shard holding `[]`
// used to read as empty, be replaced and collected).
//
// `npm test` runs the whole matrix in-process and a sample through the binary; the full run
// (KUBESIM_RELIABILITY=full) runs the whole matrix through the binary.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogFiles } from "../../src/store/catalog-codec.js";
import { Sandbox } from "../harness.js";
import { clusterDir, FULL, report, runBin } from "./bin.js";

const CORRUPTIONS: Record<string, (b: Buffer) => Buffer> = {
  truncated: (b) => b.subarray(0, Math.floor(b.length / 2)),
  "garbage bytes": () => Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)),
  "[]": () => Buffer.from("[]"),
  null: () => Buffer.from("null"),
  empty: () => Buffer.alloc(0),
};

/** The template's pods by uid and by IP, and Services by uid: who a record's key names. */
const named = { pods: new Map<string, Obj>(), ips: new Map<string, Obj>(), services: new Map<string, Obj>() };
interface Obj {
  metadata: { name: string; namespace: string; uid: string };
  spec: { containers: { name: string; image: string }[] };
  status?: { podIP?: string };
}

/**
 * The kubelet's and API server's records read per key (apiserver/storage.ts): a command that
 * reads the record of the shard's first key. The pod IP index and the ConfigMap index are
 * read only by writes (a pod's or a ConfigMap's removal), so both verbs are that write.
 */
function keyedVerbs(plural: string, key: string): { read: string[]; write: string[] } | undefined {
  const pod = (uid: string) => {
    const p = named.pods.get(uid);
    if (!p) throw new Error(`no pod has uid ${uid}`);
    return { p, at: ["-n", p.metadata.namespace, p.metadata.name] };
  };
  if (plural === "containerruntime") {
    const [uid, ctr] = key.split("/");
    const { at } = pod(uid);
    return { read: ["logs", ...at, "-c", ctr], write: ["delete", "pod", ...at] };
  }
  if (plural === "podvolumes") {
    const { p, at } = pod(key);
    const ctr = p.spec.containers[0];
    // CoreDNS's image is distroless (no ls): its log reads the Corefile through the same record.
    const read = ctr.image.includes("/coredns/")
      ? ["logs", ...at, "-c", ctr.name]
      : ["exec", ...at, "-c", ctr.name, "--", "ls", "/"];
    return { read, write: ["delete", "pod", ...at] };
  }
  if (plural === "podips") {
    const p = named.ips.get(key);
    if (!p) throw new Error(`no pod has IP ${key}`);
    const del = ["delete", "pod", "-n", p.metadata.namespace, p.metadata.name];
    return { read: del, write: del };
  }
  if (plural === "serviceseq") {
    const svc = named.services.get(key);
    if (!svc) throw new Error(`no Service has uid ${key}`);
    return {
      read: ["exec", "testpod", "-c", "c00", "--", "env"],
      write: ["delete", "service", "-n", svc.metadata.namespace, svc.metadata.name],
    };
  }
  if (plural === "volumerefs") {
    const [, ns, name] = key.split("/");
    const del = ["delete", "configmap", "-n", ns, name];
    return { read: del, write: del };
  }
  return undefined;
}

/** A verb that must read the file, and one that must read it to write. */
function verbs(file: string, keys: string[]): { read: string[]; write: string[] } {
  if (file === "meta.json") return { read: ["get", "pods"], write: ["label", "pods", "--all", "-A", "c=1"] };
  const [plural, second] = file.split(".");
  const keyed = keyedVerbs(plural!, keys[0] ?? "");
  if (keyed) return keyed;
  // The API server's indexes (apiserver/indexes.ts) are read by the writes that move their
  // entries: removing every pod, Service and slice at once reads each of their records.
  // kube-proxy's kept rules are read whole by iptables-save, and per Service by a write to one.
  if (plural === "proxy-rules")
    return { read: ["iptables-save"], write: ["delete", "service", "demoservice"] };
  // Their walk entries are read whole by a trace through iptables rules.
  if (plural === "proxy-walk")
    return { read: ["trace", "https://10.96.0.1"], write: ["delete", "service", "demoservice"] };
  // The scheduler's caches (node loads, their table, the nodes' view) and the nodes' image
  // lists are read when a pod is placed.
  if (plural!.startsWith("scheduler-") || plural === "nodeimages") {
    const run = ["run", "placed", "--image=nginx"];
    return { read: run, write: run };
  }
  if (plural!.startsWith("index-")) {
    const del = ["delete", "pods,services,endpointslices", "--all", "-A", "--force", "--grace-period=0"];
    return { read: del, write: del };
  }
  // The seed lab's echo loop (testpod c00) is the only container with a stored log; `logs`
  // reads it whole, and so does the next run of the loop when it appends.
  if (plural === "containerlogs")
    return {
      read: ["logs", "testpod", "-c", "c00"],
      write: ["logs", "testpod", "-c", "c00", "--timestamps"],
    };
  if (second === "summary")
    return { read: ["get", plural!, "-A"], write: ["label", plural!, "--all", "-A", "c=1"] };
  return { read: ["get", plural!, "-A", "-o", "json"], write: ["label", plural!, "--all", "-A", "c=1"] };
}

/** The cluster directory's files and a digest of their bytes. */
function contents(dir: string): Map<string, string> {
  const digest = (f: string) =>
    createHash("sha256")
      .update(fs.readFileSync(path.join(dir, f)))
      .digest("hex");
  return new Map(fs.readdirSync(dir).map((f) => [f, digest(f)]));
}

type Runner = (sb: Sandbox, argv: string[]) => Promise<{ code: number | null; out: string; err: string }>;
const inProcess: Runner = (sb, argv) => sb.run(argv);
const binary: Runner = (sb, argv) => runBin(sb.env, argv);

describe("corrupt state files", () => {
  const template = new Sandbox();
  let files: string[] = [];
  afterAll(() => template.cleanup());

  beforeAll(async () => {
    expect((await template.run(["apply", "-f", "manifests/pods.yml"])).code).toBe(0);
    expect((await template.run(["apply", "-f", "manifests/service.yml"])).code).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(clusterDir(template.home), "meta.json"), "utf8"));
    const shardFiles = catalogFiles(meta);
    files = ["meta.json", ...shardFiles];
    const list = async (what: string) =>
      JSON.parse((await template.run(["get", what, "-A", "-o", "json"])).out).items as Obj[];
    for (const p of await list("pods")) {
      named.pods.set(p.metadata.uid, p);
      if (p.status?.podIP) named.ips.set(p.status.podIP, p);
    }
    for (const svc of await list("services")) named.services.set(svc.metadata.uid, svc);
  });

  /** meta.json and a pods summary: what nearly every command reads first. */
  function sample(): string[] {
    return ["meta.json", files.find((f) => f.startsWith("pods.summary."))!];
  }

  /** Corrupts each file in turn in one copy of the cluster, and puts it back after each case. */
  async function matrix(run: Runner, which: string[]): Promise<number> {
    let cases = 0;
    const sb = new Sandbox();
    try {
      fs.cpSync(path.join(template.home, "clusters"), path.join(sb.home, "clusters"), { recursive: true });
      const dir = clusterDir(sb.home);
      const pristine = contents(dir);
      const original = new Map(which.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
      for (const file of which) {
        const target = path.join(dir, file);
        for (const [how, corrupt] of Object.entries(CORRUPTIONS)) {
          const keys = file === "meta.json" ? [] : Object.keys(JSON.parse(original.get(file)!.toString()));
          for (const [kind, argv] of Object.entries(verbs(file, keys))) {
            fs.writeFileSync(target, corrupt(original.get(file)!));
            const before = contents(dir);
            const r = await run(sb, argv);
            const what = `${file} ${how}, ${kind}: kubesim ${argv.join(" ")}`;
            expect(r.code, what).toBe(1);
            expect(r.out, what).toBe("");
            expect(r.err, what).toContain(
              `error: the state of cluster "kubesim" in ${target} is unreadable (`,
            );
            expect(r.err, what).toContain(
              "kubesim leaves it as it is. To start over: kubesim cluster delete kubesim && kubesim cluster create kubesim\n",
            );
            expect(contents(dir), what).toEqual(before);
            cases++;
          }
        }
        fs.writeFileSync(target, original.get(file)!);
      }
      expect(contents(dir)).toEqual(pristine);
    } finally {
      sb.cleanup();
    }
    return cases;
  }

  it("are reported and left as they are (in-process, every file)", async () => {
    const cases = await matrix(inProcess, files);
    report(`corruption in-process: ${files.length} files x 5 corruptions x 2 verbs = ${cases} cases`);
  }, 300_000);

  it("are reported and left as they are (bin/kubesim)", async () => {
    const which = FULL ? files : sample();
    const cases = await matrix(binary, which);
    report(
      `corruption through bin/kubesim: ${which.length} files x 5 corruptions x 2 verbs = ${cases} cases`,
    );
  }, 900_000);
});
