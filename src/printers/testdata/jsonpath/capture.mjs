#!/usr/bin/env node
// Re-captures cases.json from the REAL kubectl (v1.32) through the kubectl oracle:
//   node src/printers/testdata/jsonpath/capture.mjs
// Each case is `kubectl get TARGET -o FORMAT [flags]`; the object kubectl printed from is
// pinned as input-TARGET.json (kubectl's own `-o json` of the same query).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const oracle = "/work/shared/tools/kubectl-oracle.mjs";
const objects = join(here, "objects.json");
const run = (args) => {
  const r = spawnSync("node", [oracle, objects, "--", "get", ...args], { encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
};

const targets = { pods: ["pods"], alpha: ["pod", "alpha"], beta: ["pod", "beta"], svc: ["svc", "web"], none: ["pods", "-l", "app=none"], extra: ["pod", "p", "-n", "extra"], tw1: ["pods", "-n", "tw1"], tw2: ["pods", "-n", "tw2"] };
for (const [slug, t] of Object.entries(targets)) {
  const r = run([...t, "-o", "json"]);
  if (r.code !== 0) throw new Error(r.stderr);
  writeFileSync(join(here, `input-${slug}.json`), r.stdout);
}

// [target, format, template, ...extra flags]
const jp = [
  ["pods", "{.items[*].metadata.name}"],
  ["pods", "{.items[0].metadata.name}"],
  ["pods", "{.items[-1].metadata.name}"],
  ["pods", "{.items[1:3].metadata.name}"],
  ["pods", "{.items[:2].metadata.name}"],
  ["pods", "{.items[-1:].metadata.name}"],
  ["pods", "{.items[-2:].metadata.name}"],
  ["pods", "{.items[::2].metadata.name}"],
  ["pods", "{.items[0:3:2].metadata.name}"],
  ["pods", "{.items[0:0]}"],
  ["pods", "{.items[1:1].metadata.name}"],
  ["pods", "{.items[2:1].metadata.name}"],
  ["pods", "{.items[5].metadata.name}"],
  ["pods", "{.items[-5].metadata.name}"],
  ["pods", "{.items[0:10].metadata.name}"],
  ["pods", "{.items[3:].metadata.name}"],
  ["pods", "{.items[::0].metadata.name}"],
  ["pods", "{.items[::-1].metadata.name}"],
  ["pods", "{.items[x].metadata.name}"],
  ["pods", "{.items[0:x].metadata.name}"],
  ["pods", "{.items[0].spec.containers..name}"],
  ["pods", "{.items[*].spec.containers..name}"],
  ["pods", "{..image}"],
  ["pods", "{.items..podIP}"],
  ["pods", "{...name}"],
  ["pods", "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}"],
  ["pods", "{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.name},{end}{\"\\n\"}{end}"],
  ["pods", "{range .items[*]}[{.metadata.name}]{end} after"],
  ["pods", "{range .items[*]}{.metadata.name} "],
  ["pods", "{range .items[5:5]}{.metadata.name}{end}x"],
  ["pods", "{range .items[*].status.podIP}{@}{\"\\n\"}{end}"],
  ["pods", "{end}"],
  ["pods", "{foo}"],
  ["pods", "{.items[0].status.conditions[?(@.type==\"Ready\")].status}"],
  ["pods", "{.items[*].status.conditions[?(@.type==\"Ready\")].status}"],
  ["pods", "{.items[0].status.conditions[?(@.type!=\"Ready\")].type}"],
  ["pods", "{.items[0].status.conditions[?(@.type=='Ready')].status}"],
  ["pods", "{.items[0].status.conditions[?(@.n>1)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n<2)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n<=2)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n>=2)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n>=2)].type}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[0].status.conditions[?(@.n)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n > 1)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n>1.5)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.type==1)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.type<\"Q\")].type}"],
  ["pods", "{.items[0].status.conditions[?(@==1)].type}"],
  ["pods", "{.items[0].status.containerStatuses[?(@.ready==true)].name}"],
  ["pods", "{.items[?(@.status.phase==\"Running\")].metadata.name}"],
  ["pods", "{.items[?(@.metadata.labels.app)].metadata.name}"],
  ["pods", "{.items[0].metadata[?(@.x)]}"],
  ["pods", "{.items[0].status.conditions[?(@.type==\"Ready\"}"],
  ["pods", "{.items[0].status.conditions[?(@.type==\"Ready\")}"],
  ["pods", "{\"\\n\"}"],
  ["pods", "{\"a\\tb\"}|{'single'}|{\"q\\\"q\"}|{'it\\'s'}|{\"\\u00e9\\x41\\101\"}"],
  ["pods", "{\"\\q\"}"],
  ["pods", "{\"unterminated}"],
  ["pods", "{.items[0].metadata.labels.app\\.kubernetes\\.io/name}"],
  ["pods", "{.items[0].metadata.labels['app.kubernetes.io/name']}"],
  ["pods", "{.items[0].metadata['name']}"],
  ["pods", "{.items[0]['metadata']['name']}"],
  ["pods", "{.items[0].metadata.name,.items[1].metadata.name}"],
  ["pods", "{.items[*]['metadata.name', 'status.phase']}"],
  ["pods", "{.items[0,2].metadata.name}"],
  ["pods", "{.items[0].spec.extra['f','neg']}"],
  ["pods", "names: {.items[*].metadata.name} end"],
  ["pods", "plain text"],
  ["pods", "a}b"],
  ["pods", "{.a"],
  ["pods", "{.items[0}"],
  ["pods", "{#}"],
  ["pods", "{.items[0].spec.extra.b} {.items[0].spec.extra.neg} {.items[0].spec.extra.s}"],
  ["pods", "{.items[0].spec.extra.empty} {.items[0].spec.extra.list} {.items[0].spec.extra.mixed}"],
  ["pods", "{.items[0].spec.extra.mixed[*]}"],
  ["pods", "{.items[0].spec.extra.mixed.*}"],
  ["pods", "{.items[0].spec.extra.mixed[4]}|{.items[0].spec.extra.n}"],
  ["pods", "{.items[0].spec.extra.n.x}"],
  ["pods", "{.items[0].spec.extra.n.x}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[0].spec.extra.n[0]}"],
  ["pods", "{.items[0].metadata.name.*}"],
  ["pods", "{.items[0].metadata.name[0]}"],
  ["pods", "{.items[0].metadata.annotations.note} {.items[0].metadata.annotations}"],
  ["pods", "{.items[0].metadata.annotations.multi}"],
  ["pods", "{.items[0].spec.priority} {.items[0].spec.extra.weights}"],
  ["pods", "{}"],
  ["pods", "{$}"],
  ["pods", "{@.kind}"],
  ["pods", "{.}"],
  ["pods", "{$.kind} {.apiVersion} {.metadata}"],
  ["pods", "{5} {true} {1.5} {-3} {false}"],
  ["pods", "{ .kind }"],
  ["pods", "{.metadata[0]}"],
  ["pods", "{.foo}"],
  ["pods", "x{.foo}y"],
  ["pods", "{.foo}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[*].status.podIP}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[*].status.conditions[?(@.type==\"Ready\")].status}", "--allow-missing-template-keys=false"],
  ["pods", ""],
  ["alpha", "{.metadata.name} {.spec.containers[*].image}"],
  ["alpha", "{.metadata.labels}"],
  ["alpha", "{.spec.containers[0].ports}"],
  ["beta", "{.spec.nope}", "--allow-missing-template-keys=false"],
  ["beta", "{.status.podIP}", "--allow-missing-template-keys=false"],
  ["svc", "{range .spec.ports[*]}{.port}{\"\\t\"}{.targetPort}{\"\\n\"}{end}"],
  ["svc", "{.spec.missing}", "--allow-missing-template-keys=false"],
  ["svc", "{.spec.ports[9]}"],
  ["pods", "{\t.kind}"],
  ["pods", "{1.2.3}"],
  ["pods", "{.items[-]}"],
  ["pods", "{.items[].metadata.name}"],
  ["pods", "{....a}"],
  ["pods", "{.}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[*].spec.containers[1:1].name}|{.items[*].spec.containers[0:1].name}"],
  ["pods", "{range .items[*]}{.metadata.name}{end}{end}"],
  ["pods", "{range .items[5:5]}{.metadata.name}{end}x", "--allow-missing-template-keys=false"],
  ["pods", "{.items[0].spec.extra.weights[?(@>1)]}"],
  ["pods", "{.items[0].spec.extra.mixed[?(@==\"two\")]}"],
  ["pods", "{.items[*].metadata.name[?(@.x)]}"],
  ["pods", "{.items[?(@.spec.extra.n==1)]}"],
  ["pods", "{.items[0].status.containerStatuses[?(@.ready>=true)].name}"],
  ["pods", "{.items[0].status.conditions[?(@.n=2)].type}"],
  ["pods", "{.items[0].status.conditions[?(@.n>1.0)].type}"],
  ["pods", "{foo-bar}"],
  ["pods", "{range .items[*]}{.metadata.name}{\"\\n\"}"],
  ["pods", "{.nope}\u00e9\"x", "--allow-missing-template-keys=false"],
  ["pods", "line\n{.nope}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[0].spec.extra.s.x}", "--allow-missing-template-keys=false"],
  ["pods", "{.items[0].spec.extra.name}{\"\\n\"}{.items[0].spec.extra.mixed[0:3]}"],
  ["extra", "{.spec.extra.a[]}"],
  ["extra", "{.spec.extra.nested[*][1:1]}|{.spec.extra.nested[*][0:1]}"],
  ["extra", "{.spec.extra.a3[?(@>2.0)]}"],
  ["extra", "{.spec.extra.af[?(@>2.0)]}"],
  ["extra", "{.spec.extra.strs[?(@<\"b\")]}"],
  ["extra", "{.spec.extra.bools[?(@<true)]}"],
  ["extra", "{.spec.extra.bools[?(@==true)]}"],
  ["extra", "{.spec.extra.xs[?(@.x[5])].n}"],
  ["extra", "{range .spec.extra.nulls[*]}{@};{end}"],
  ["extra", "{range .spec.extra.nulls[*]}{.x};{end}"],
  ["extra", "{2.0} {+7} {1.} {true}"],
  ["extra", "{.spec.extra.s.*}"],
  ["extra", "{.spec.extra.ctl}|{.spec.extra}"],
  ["extra", "{.nope}", "--allow-missing-template-keys=false"],
  ["none", "{.items}"],
  ["none", "{range .items[*]}{.metadata.name}{end}"],
];
const jpj = [
  ["pods", "{.items[*].metadata.name}"],
  ["pods", "{.items[0].spec.extra.f}"],
  ["pods", "{range .items[*]}{.metadata.name}{end}"],
  ["pods", "{.items[0].spec.extra.empty}"],
  ["pods", "{.foo}"],
  ["pods", "{.kind}:{.apiVersion}"],
];
const cc = [
  ["pods", "NAME:.metadata.name,IP:.status.podIP"],
  ["pods", "NAME:metadata.name,IMAGES:.spec.containers[*].image"],
  ["pods", "NAME:{.metadata.name},PHASE:{status.phase}"],
  ["pods", "NAME:.metadata.name,IP:.status.podIP", "--no-headers"],
  ["pods", "LABELS:.metadata.labels,MIXED:.spec.extra.mixed"],
  ["pods", "F:.spec.extra.f,N:.spec.extra.n,BIG:.spec.extra.big,SMALL:.spec.extra.small,S:.spec.extra.s,B:.spec.extra.b"],
  ["pods", "EMPTY:.spec.extra.empty,LIST:.spec.extra.list,W:.spec.extra.weights"],
  ["pods", "READY:.status.conditions[?(@.type==\"Ready\")].status,X:.status.conditions[?(@.n>1)].type"],
  ["pods", "LONG HEADER NAME:.metadata.name,ÜNÏCÖDÉ:.metadata.uid"],
  ["pods", "A:.metadata.name,B:"],
  ["pods", "NAME:.metadata.name,"],
  ["pods", "NAME"],
  ["pods", ""],
  ["pods", "NAME:.metadata.name,X"],
  ["pods", "NAME:{.metadata.name"],
  ["pods", "NAME:.items[0"],
  ["pods", "NAME:.metadata.name:x"],
  ["pods", "A:.a.b,B:..name"],
  ["pods", "R:{range .spec.containers[*]}{.name}{end}"],
  ["pods", "N:.spec.containers[5].name"],
  ["pods", "N:.spec.containers[0].name,L:.metadata.labels.app\\.kubernetes\\.io/name"],
  ["pods", ":.metadata.name"],
  ["alpha", "NAME:.metadata.name,NODE:.spec.nodeName"],
  ["svc", "PORT:.spec.ports[*].port,TARGET:.spec.ports[*].targetPort"],
  ["pods", "N:.spec.containers[1].name,M:.metadata.name"],
  ["pods", "A:.metadata.annotations.multi,B:.metadata.name"],
  ["pods", "A:.metadata.annotations.multi,B:.metadata.name,C:.status.phase"],
  ["pods", "NAME:.metadata.name"],
  ["none", "NAME:.metadata.name"],
  ["pods", "X:.status.conditions[?(@.n>1.5)].type"],
  ["extra", "A:.spec.extra.s,B:.spec.extra.nulls,C:.spec.extra.xs"],
  // Values with tabs and newlines: kubectl's tabwriter column blocks, flushes, remembered widths.
  ["tw1", "A:.metadata.annotations.a,B:.metadata.annotations.b"],
  ["tw2", "A:.metadata.annotations.a,B:.metadata.annotations.b"],
  ["tw2", "A:.metadata.annotations.a,B:.metadata.annotations.b,C:.metadata.name"],
  ["tw1", "A:.metadata.annotations.a,B:.metadata.annotations.b", "--no-headers"],
];
const ccf = [
  ["pods", "NAME   IP\n.metadata.name  {.status.podIP}\n"],
  ["pods", "NAME IMAGES\nmetadata.name .spec.containers[*].image"],
  ["pods", "NAME\n"],
  ["pods", "NAME\n.metadata.name .status.podIP\n"],
  ["pods", ""],
  ["pods", "\n\n"],
  ["pods", "A B\n.metadata.name .status.phase\nignored third line\n"],
  ["pods", "A\n{.x\n"],
];

const cases = [];
const add = (target, output, extra, meta) => {
  const r = run([...targets[target], "-o", output, ...extra]);
  cases.push({ target, output, flags: extra, ...meta, ...r });
};
for (const [t, tmpl, ...f] of jp) add(t, `jsonpath=${tmpl}`, f);
for (const [t, tmpl, ...f] of jpj) add(t, `jsonpath-as-json=${tmpl}`, f);
for (const [t, spec, ...f] of cc) add(t, `custom-columns=${spec}`, f);
const dir = mkdtempSync(join(tmpdir(), "ccf-"));
ccf.forEach(([t, text, ...f], i) => {
  const file = join(dir, `cols${i}.txt`);
  writeFileSync(file, text);
  const r = run([...targets[t], "-o", `custom-columns-file=${file}`, ...f]);
  cases.push({ target: t, output: "custom-columns-file", file: text, flags: f, ...r });
});
writeFileSync(join(here, "cases.json"), `${JSON.stringify(cases, null, 1)}\n`);
console.log(`${cases.length} cases`);
