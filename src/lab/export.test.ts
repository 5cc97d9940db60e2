// cluster export: a kind config that matches the simulated cluster, manifests without what
// the server set, that the real kubectl reads offline and that rebuild the same lab when
// applied to a fresh cluster.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox } from "../../test/harness.js";

const KUBECTL = "/usr/bin/kubectl";
let sb: Sandbox;
let out: string;
beforeEach(() => {
  sb = new Sandbox();
  out = mkdtempSync(join(tmpdir(), "kubesim-export-"));
});
afterEach(() => {
  sb.cleanup();
  rmSync(out, { recursive: true, force: true });
});

async function seedLab(s: Sandbox): Promise<void> {
  await s.sh("apply -f manifests/pods.yml -f manifests/deployhttpd.yml -f manifests/service-nodeport.yml");
  await s.sh("apply -f test/fixtures/ns-lab.yml -f test/fixtures/netpol/allow-access.yml");
  await s.sh("expose deployment mydeployments --name headless --cluster-ip=None --port 80");
  await s.sh("create deployment web -n lab --image nginx");
}

describe("cluster export", () => {
  it("prints the kind config, then the user's objects without server-set fields", async () => {
    await seedLab(sb);
    const nodePort = JSON.parse((await sb.sh("get svc demoservice -o json")).out).spec.ports[0].nodePort;
    const r = await sb.sh("cluster export");
    expect(r.code).toBe(0);
    const docs = r.out.split(/^---\n/m);
    expect(docs[0]).toContain("apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nname: kubesim\n");
    expect(docs[0]).toContain("networking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/16\n");
    expect(docs[0]).toContain(
      `nodes:\n- extraPortMappings:\n  - containerPort: ${nodePort}\n    hostPort: ${nodePort}\n    protocol: TCP\n  role: control-plane\n- role: worker\n- role: worker\n`,
    );
    const heads = docs.slice(1).map((d) => {
      const kind = /^kind: (\S+)$/m.exec(d)?.[1];
      const name = /^ {2}name: (\S+)$/m.exec(d)?.[1];
      return `${kind}/${name}`;
    });
    expect(heads).toEqual([
      "Namespace/lab",
      "NetworkPolicy/access-nginx",
      "Deployment/mydeployments",
      "Deployment/web",
      "Pod/testpod",
      "Service/demoservice",
      "Service/headless",
    ]);
    for (const field of [
      "uid:",
      "resourceVersion:",
      "creationTimestamp:",
      "status:",
      "last-applied",
      "nodeName:",
      "kube-api-access",
      "deployment.kubernetes.io/revision",
      "tolerationSeconds",
    ])
      expect(r.out).not.toContain(field);
    // An allocated ClusterIP is dropped; a headless Service keeps its None.
    expect(docs[6]).not.toContain("clusterIP");
    expect(docs[7]).toContain("clusterIP: None");
    expect(docs[6]).toContain(`nodePort: ${nodePort}`);
  });

  it("writes a directory the real kubectl reads offline", async () => {
    await seedLab(sb);
    const r = await sb.run(["cluster", "export", "--output", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${join(out, "kind-config.yaml")}\n`);
    expect(r.out).toContain(`kubectl apply -f ${join(out, "manifests")}\n`);
    expect(readdirSync(join(out, "manifests"))).toEqual([
      "00-namespace-lab.yaml",
      "01-networkpolicy-default-access-nginx.yaml",
      "02-deployment-default-mydeployments.yaml",
      "02-deployment-lab-web.yaml",
      "05-pod-default-testpod.yaml",
      "06-service-default-demoservice.yaml",
      "06-service-default-headless.yaml",
    ]);
    expect(readFileSync(join(out, "kind-config.yaml"), "utf8")).toMatch(
      /^# kind cluster for kubesim cluster "kubesim"/,
    );
    if (!existsSync(KUBECTL)) return;
    // Without a server, kubectl's apply and create need discovery; `label --local` reads,
    // decodes and maps every document offline, which is what can be checked here.
    const names = execFileSync(
      KUBECTL,
      ["label", "--local", "-f", join(out, "manifests"), "-o", "name", "exported=1"],
      {
        env: { ...process.env, KUBECONFIG: join(out, "no-kubeconfig") },
        encoding: "utf8",
      },
    );
    expect(names).toBe(
      [
        "namespace/lab",
        "networkpolicy.networking.k8s.io/access-nginx",
        "deployment.apps/mydeployments",
        "deployment.apps/web",
        "pod/testpod",
        "service/demoservice",
        "service/headless",
        "",
      ].join("\n"),
    );
  });

  it("rebuilds the same lab when applied to a fresh cluster", async () => {
    await seedLab(sb);
    await sb.run(["cluster", "export", "--output", out]);
    const first = (await sb.sh("cluster export")).out;
    const fresh = new Sandbox({ KUBESIM_SEED: "7" });
    try {
      const applied = await fresh.run(["apply", "-f", join(out, "manifests")]);
      expect(applied.err).toBe("");
      expect(applied.code).toBe(0);
      expect((await fresh.sh("cluster export")).out).toBe(first);
    } finally {
      fresh.cleanup();
    }
  });
});
