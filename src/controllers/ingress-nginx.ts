// What ingress-nginx does through the API once its manifest runs: kube-webhook-certgen's
// `create` Job writes the admission webhook's Secret (the controller pod mounts it, and waits
// for it), and each ready controller pod publishes the address of the Ingresses it serves in
// their status: --publish-status-address when given (kind's manifest says `localhost`),
// else the IP of the node the pod runs on.

import type { Draft, Ingress, KObject, Pod, Secret } from "../api/types.js";
import {
  INGRESSCLASSES,
  INGRESSES,
  MUTATING_WEBHOOKS,
  PODS,
  SECRETS,
  VALIDATING_WEBHOOKS,
} from "../apiserver/resources.js";
import { goFlag } from "../images/goserver.js";
import { parseImage, repoKey } from "../images/index.js";
import { controllerFlags, servedIngresses } from "../images/ingress-nginx/controller.js";
import { CERTGEN_REPO, CONTROLLER_REPO } from "../images/ingress-nginx/index.js";
import { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";
import { webhookCertificates } from "./webhook-cert.js";

const SYNC_SOURCE = { component: "nginx-ingress-controller" };

function containerOf(pod: Pod, repo: string): { args: string[] } | undefined {
  for (const ctr of pod.spec?.containers ?? []) {
    if (repoKey(parseImage(ctr.image ?? "")) === repo)
      return { args: [...(ctr.command ?? []), ...(ctr.args ?? [])] };
  }
  return undefined;
}

const isReady = (pod: Pod) =>
  !pod.metadata.deletionTimestamp &&
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** certgen's `create`: a Secret with the webhook's CA, certificate and key, once its pod started. */
function syncCertgen(c: ControllerContext, pods: Pod[]): boolean {
  let changed = false;
  for (const pod of pods) {
    const ctr = containerOf(pod, CERTGEN_REPO);
    if (ctr?.args[0] !== "create" || !pod.status?.startTime) continue;
    const ns = pod.metadata.namespace ?? "default";
    const name = goFlag(ctr.args, "secret-name");
    if (!name || c.api.get(SECRETS, ns, name)) continue;
    const rng = Rng.forKey(`${pod.metadata.uid}/certgen`);
    const seeds = Buffer.from(rng.hex(128), "hex");
    const hosts = (goFlag(ctr.args, "host") ?? "")
      .replaceAll("$(POD_NAMESPACE)", ns)
      .split(",")
      .filter(Boolean);
    const certs = webhookCertificates(seeds, hosts, Date.parse(pod.status.startTime));
    const b64 = (t: string) => Buffer.from(t).toString("base64");
    const secret: Draft<Secret> = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name, namespace: ns },
      type: "Opaque",
      data: { ca: b64(certs.ca), cert: b64(certs.cert), key: b64(certs.key) },
    };
    c.api.insert(secret, rng);
    changed = true;
  }
  return changed;
}

/**
 * certgen's `patch`: once the Secret exists, the named webhook configurations get its CA as
 * every webhook's caBundle (and --patch-failure-policy as their failurePolicy).
 */
function syncCertgenPatch(c: ControllerContext, pods: Pod[]): boolean {
  let changed = false;
  for (const pod of pods) {
    const ctr = containerOf(pod, CERTGEN_REPO);
    if (ctr?.args[0] !== "patch" || !pod.status?.startTime) continue;
    const ns = pod.metadata.namespace ?? "default";
    const secret = c.api.get(SECRETS, ns, goFlag(ctr.args, "secret-name") ?? "");
    const ca = secret?.data?.ca;
    const name = goFlag(ctr.args, "webhook-name");
    if (!ca || !name) continue;
    const policy = goFlag(ctr.args, "patch-failure-policy");
    const kinds = [
      goFlag(ctr.args, "patch-validating") !== "false" ? VALIDATING_WEBHOOKS : undefined,
      goFlag(ctr.args, "patch-mutating") !== "false" ? MUTATING_WEBHOOKS : undefined,
    ];
    for (const kind of kinds) {
      const config = kind && c.api.get(kind, undefined, name);
      if (
        !config?.webhooks?.some(
          (w) => w.clientConfig.caBundle !== ca || (policy && w.failurePolicy !== policy),
        )
      )
        continue;
      const webhooks = config.webhooks.map((w) => ({
        ...w,
        clientConfig: { ...w.clientConfig, caBundle: ca },
        ...(policy ? { failurePolicy: policy } : {}),
      }));
      const generation = (config.metadata.generation ?? 1) + 1;
      c.api.put({ ...config, metadata: { ...config.metadata, generation }, webhooks } as typeof config);
      changed = true;
    }
  }
  return changed;
}

function statusAddress(
  pod: Pod,
  publish: string | undefined,
): { ip?: string; hostname?: string } | undefined {
  if (publish) return /^\d+\.\d+\.\d+\.\d+$/.test(publish) ? { ip: publish } : { hostname: publish };
  return pod.status?.hostIP ? { ip: pod.status.hostIP } : undefined;
}

export function syncIngressNginx(c: ControllerContext): boolean {
  // Its own pods, as its manifests label them (the controller's and the admission Jobs'),
  // through the API server's label index: a large cluster's other pods are never read. Of
  // those, the ones running its images act.
  const pods = c.api.candidates(
    PODS,
    undefined,
    [{ key: "app.kubernetes.io/name", op: "=", values: ["ingress-nginx"] }],
    [],
    true,
  );
  let changed = syncCertgen(c, pods);
  if (syncCertgenPatch(c, pods)) changed = true;
  const objects = (kind: string): KObject[] =>
    kind === "Ingress" ? c.api.list(INGRESSES) : kind === "IngressClass" ? c.api.list(INGRESSCLASSES) : [];
  const want = new Map<string, { ip?: string; hostname?: string }[]>();
  for (const pod of pods) {
    const ctr = containerOf(pod, CONTROLLER_REPO);
    if (!ctr || !isReady(pod)) continue;
    const f = controllerFlags(ctr.args);
    const addr = statusAddress(pod, f.publishStatusAddress);
    if (!addr) continue;
    for (const ing of servedIngresses(objects, f)) {
      const k = `${ing.metadata.namespace}/${ing.metadata.name}`;
      const list = want.get(k) ?? [];
      if (!list.some((a) => a.ip === addr.ip && a.hostname === addr.hostname)) list.push(addr);
      want.set(k, list);
    }
  }
  for (const ing of c.api.list(INGRESSES) as Ingress[]) {
    const list = want.get(`${ing.metadata.namespace}/${ing.metadata.name}`);
    if (!list) continue;
    const next = { loadBalancer: { ingress: list } };
    if (JSON.stringify(ing.status ?? {}) === JSON.stringify(next)) continue;
    const firstSync = !ing.status?.loadBalancer?.ingress;
    const updated = c.api.put({ ...ing, status: next } as Ingress);
    // The controller syncs the Ingress it was told about, then again after its own status update.
    if (firstSync)
      for (let i = 0; i < 2; i++)
        c.recorder.recordEvent(updated, "Normal", "Sync", "Scheduled for sync", SYNC_SOURCE);
    changed = true;
  }
  return changed;
}
