// The diagnoses, each from a broken setup built in a fresh cluster: the verdict must name the
// cause from the model (the objects' own names, ports and labels) and a fix that uses them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox } from "../../test/harness.js";

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
});
afterEach(() => sb.cleanup());

async function verdict(line: string): Promise<{ ok: boolean; cause: string | null; fix: string | null }> {
  const r = await sb.sh(`trace -o json ${line}`);
  return JSON.parse(r.out).verdict;
}

async function svcField(name: string, field: (s: any) => unknown): Promise<string> {
  return String(field(JSON.parse((await sb.sh(`get svc ${name} -o json`)).out)));
}

describe("diagnose", () => {
  it("names the pod that nearly matches a selector, with the label that differs", async () => {
    await sb.sh("apply -f test/fixtures/trace/svc-selector-typo.yml");
    const ip = await svcField("demoservice", (s) => s.spec.clusterIP);
    const v = await verdict(ip);
    expect(v.ok).toBe(false);
    expect(v.cause).toMatch(/selector name=deploymnet matches no pod/);
    expect(v.cause).toMatch(/has name=deployment/);
    expect(v.fix).toMatch(/selector to name=deployment/);
  });

  it("says where the container listens when the targetPort is wrong", async () => {
    await sb.sh("apply -f test/fixtures/trace/svc-wrong-targetport.yml");
    const ip = await svcField("web", (s) => s.spec.clusterIP);
    const v = await verdict(ip);
    expect(v.cause).toMatch(
      /targetPort 8080, but nothing .* listens on 8080: container httpd .* listens on TCP 80/,
    );
    expect(v.fix).toMatch(/targetPort/);
  });

  it("gives the probe and its failure for a pod that is not ready", async () => {
    await sb.sh("apply -f test/fixtures/trace/svc-not-ready.yml");
    sb.env.KUBESIM_NOW = "2026-11-27T10:00:30Z";
    const ip = await svcField("web", (s) => s.spec.clusterIP);
    const v = await verdict(ip);
    expect(v.cause).toMatch(/httpGet \/healthz on port 80/);
    expect(v.cause).toMatch(/statuscode: 404/);
  });

  it("tells a ClusterIP from outside where the Service answers instead", async () => {
    await sb.sh("apply -f manifests/deployhttpd.yml -f manifests/service-nodeport.yml");
    const ip = await svcField("demoservice", (s) => s.spec.clusterIP);
    const nodePort = await svcField("demoservice", (s) => s.spec.ports[0].nodePort);
    const v = await verdict(`--from outside ${ip}`);
    expect(v.cause).toMatch(/ClusterIP of Service default\/demoservice/);
    expect(v.fix).toContain(`:${nodePort}/`);
    const paired = await verdict(`${ip}:${nodePort}`);
    expect(paired.cause).toMatch(new RegExp(`${nodePort} is Service default/demoservice's nodePort`));
    expect(paired.fix).toContain(`${ip}:80`);
    const nodeWithSvcPort = await verdict("172.18.0.3:80");
    expect(nodeWithSvcPort.fix).toContain(`172.18.0.3:${nodePort}`);
  });

  it("explains a node's resolver and a short name from another namespace", async () => {
    await sb.sh("apply -f test/fixtures/other-ns-service.yml");
    await sb.sh("run client --image=curlimages/curl -- sleep infinity");
    const node = await verdict("web.other");
    expect(node.cause).toMatch(/node's resolver .* does not know cluster names/);
    const short = await verdict("--from pod/client web");
    expect(short.cause).toMatch(/Service web is in namespace other/);
    expect(short.fix).toMatch(/web\.other/);
  });

  it("says a pod IP no pod holds belonged to a replaced pod", async () => {
    await sb.sh("apply -f manifests/pods.yml");
    const ip = JSON.parse((await sb.sh("get pod testpod -o json")).out).status.podIP;
    await sb.sh("delete pod testpod --grace-period=0 --force");
    const v = await verdict(ip);
    expect(v.cause).toMatch(new RegExp(`no pod has ${ip.replace(/\./g, "\\.")} now`));
  });

  it("explains ping to a ClusterIP", async () => {
    const v = await verdict("--ping 10.96.0.10");
    expect(v.cause).toMatch(/ClusterIP of Service kube-system\/kube-dns/);
    expect(v.fix).toMatch(/nslookup/);
  });

  it("passes with a note when the image was guessed", async () => {
    await sb.sh("apply -f test/fixtures/trace/guessed-image.yml");
    const ip = JSON.parse((await sb.sh("get pod shop -o json")).out).status.podIP;
    const v = await verdict(`${ip}:8080`);
    expect(v.ok).toBe(true);
    expect(v.cause).toMatch(/KubesimGuessedImage/);
  });
});
