// The kubeconfig kubesim implies, as kind writes one per cluster: each kubesim cluster is a
// cluster, a user and a context of the same name (kubesim's contexts are named after their
// clusters, the name --context takes), the server is the port `cluster-info` prints, and the
// certificates are kubesim's fake ones (nothing verifies them). What the user changes with
// `kubectl config set-context` (a context's default namespace) is kept in kubesim's own
// config.json, never in ~/.kube/config.
import type { Command } from "commander";
import { BUCKETS } from "../../apiserver/storage.js";
import { DEFAULT_CLUSTER } from "../../cluster/session.js";
import type { ClusterState } from "../../cluster/state.js";
import type { StoreFs } from "../../store/fsio.js";
import { Store } from "../../store/store.js";
import { Rng } from "../../util/rng.js";
import { currentCluster } from "./current-cluster.js";

/** The host port kind maps to the API server's 6443, fixed per cluster by its seed. */
export function apiServerPort(seed: number): number {
  return 32768 + (((seed * 2654435761) >>> 0) % 28000);
}

/** The API server's URL on the host: a kind config's apiServerAddress and apiServerPort when it sets them. */
export function apiServerURL(state: ClusterState): string {
  const kind = state.settings.kind;
  const host = kind?.apiServerAddress ?? "127.0.0.1";
  const port = kind?.apiServerPort ?? apiServerPort(state.seed);
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * The path kubectl names in `deleted context X from PATH`: $KUBECONFIG's first entry as
 * kubectl would write there, else ~/.kube/config. kubesim writes neither; it only names it.
 */
export function kubeconfigPath(env: NodeJS.ProcessEnv): string {
  const first = (env.KUBECONFIG ?? "").split(":").find((p) => p !== "");
  return first ?? `${env.HOME ?? "/root"}/.kube/config`;
}

export interface NamedCluster {
  name: string;
  cluster: { server: string; "certificate-authority-data": string };
}
export interface NamedUser {
  name: string;
  user: { "client-certificate-data": string; "client-key-data": string };
}
export interface NamedContext {
  name: string;
  context: { cluster: string; user: string; namespace?: string };
}

/** clientcmd's api.Config as kubectl's `config view -o json` orders its fields. */
export interface Kubeconfig {
  kind: "Config";
  apiVersion: "v1";
  preferences: Record<string, never>;
  clusters: NamedCluster[];
  users: NamedUser[];
  contexts: NamedContext[];
  "current-context": string;
}

/** What kubesim keeps of the kubeconfig the user changed: the namespace per context. */
interface SavedKubeconfig {
  contextNamespaces?: Record<string, string>;
}

function saved(s: Store): SavedKubeconfig {
  return (s.readConfig() as SavedKubeconfig | null) ?? {};
}

/**
 * The contexts (clusters, users) of the implied kubeconfig: kubesim's clusters, and the
 * default one while it is current and not yet made (the first command that uses it makes it).
 */
export function contextNames(s: Store): string[] {
  const names = s.list();
  if (currentCluster(s) === DEFAULT_CLUSTER && !names.includes(DEFAULT_CLUSTER)) names.push(DEFAULT_CLUSTER);
  return names.sort();
}

/** The namespace a context defaults to, as `config set-context --namespace` left it. */
export function contextNamespace(s: Store, context: string): string | undefined {
  const ns: unknown = saved(s).contextNamespaces?.[context];
  return typeof ns === "string" && ns !== "" ? ns : undefined;
}

/** Sets (or, with "", clears) a context's default namespace. */
export async function setContextNamespace(s: Store, context: string, ns: string): Promise<void> {
  const cfg = s.readConfig() as Record<string, unknown>;
  const current = { ...(saved(s).contextNamespaces ?? {}) };
  if (ns === "") delete current[context];
  else current[context] = ns;
  await s.writeConfig({ ...cfg, contextNamespaces: current });
}

/**
 * The context a command uses when no -n is given: --context/--cluster, else KUBESIM_CLUSTER,
 * else the saved current one (the same order the Session picks its cluster in).
 */
export function defaultNamespace(s: Store, env: NodeJS.ProcessEnv, explicit?: string): string | undefined {
  const context = explicit || env.KUBESIM_CLUSTER || currentCluster(s);
  return contextNamespace(s, context);
}

/**
 * Before a verb with -n runs without it, gives it the namespace of the context it runs in
 * (kubectl's ConfigFlags.ToRawKubeConfigLoader().Namespace()) as `contextNamespace`, which
 * namespaceOf reads after -n and before "default". -n itself stays unset, so a verb that
 * treats an explicit -n as binding (apply's namespace mismatch) still sees none.
 */
export function applyContextNamespace(cmd: Command, env: NodeJS.ProcessEnv, fs?: StoreFs): void {
  if (!cmd.options.some((o) => o.long === "--namespace" && o.short === "-n")) return;
  const opts = cmd.opts<{ namespace?: string; context?: string; cluster?: string }>();
  if (opts.namespace) return;
  const ns = defaultNamespace(new Store(env, BUCKETS, { fs }), env, opts.context || opts.cluster);
  if (ns) cmd.setOptionValue("contextNamespace", ns);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A PEM block of kind's sizes (CA 1107 bytes, client cert 1164, key 1675), fixed per cluster. */
function fakePem(key: string, label: string, prefix: string, length: number): string {
  const rng = Rng.forKey(key);
  let body = prefix;
  while (body.length < length) body += B64[rng.int(64)];
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function b64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

/**
 * The whole implied kubeconfig: one cluster, user and context per kubesim cluster, sorted by
 * name as clientcmd's maps are; `raw` keeps the certificate data, else kubectl's DATA+OMITTED.
 */
export function impliedKubeconfig(s: Store, raw: boolean): Kubeconfig {
  const names = s.list().sort();
  const current = currentCluster(s);
  const omit = (v: string) => (raw ? v : "DATA+OMITTED");
  const clusters: NamedCluster[] = [];
  const users: NamedUser[] = [];
  const contexts: NamedContext[] = [];
  for (const name of names) {
    const state = s.read<ClusterState>(name).state;
    clusters.push({
      name,
      cluster: {
        server: apiServerURL(state),
        "certificate-authority-data": omit(
          b64(fakePem(`${name}/kubeconfig/ca`, "CERTIFICATE", "MIIDBTCCAe2gAwIBAgIIR", 1044)),
        ),
      },
    });
    users.push({
      name,
      user: {
        "client-certificate-data": omit(
          b64(fakePem(`${name}/kubeconfig/cert`, "CERTIFICATE", "MIIDKTCCAhGgAwIBAgII", 1100)),
        ),
        "client-key-data": omit(
          b64(fakePem(`${name}/kubeconfig/key`, "RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1620)),
        ),
      },
    });
    const ns = contextNamespace(s, name);
    contexts.push({ name, context: { cluster: name, user: name, ...(ns ? { namespace: ns } : {}) } });
  }
  return {
    kind: "Config",
    apiVersion: "v1",
    preferences: {},
    clusters,
    users,
    contexts,
    "current-context": current,
  };
}
