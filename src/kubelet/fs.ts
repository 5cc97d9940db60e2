// A container's file tree: what its image ships, what the kubelet mounts (/etc/hosts,
// /etc/resolv.conf, /etc/hostname, the service account token), what its command wrote
// when it started, and whatever exec sessions changed since, which the runtime state keeps
// until the pod is replaced.
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { podResolvConf, renderHostsFile, renderResolvConf } from "../dns/index.js";
import { Vfs, type VfsJSON } from "../shell/vfs.js";
import { probeAgain } from "./reprobe.js";
import { containerSpec, modelOf, processOf, runtimeState } from "./runtime.js";

const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

function initialFs(pod: KObject, container: string): Vfs {
  const ctr = containerSpec(pod, container);
  const files: Record<string, string> = { ...modelOf(ctr.image).files() };
  files["/etc/hosts"] = renderHostsFile(pod);
  files["/etc/resolv.conf"] = renderResolvConf(podResolvConf(pod));
  files["/etc/hostname"] = `${pod.spec.hostname ?? pod.metadata.name}\n`;
  files[`${SA}/namespace`] = pod.metadata.namespace ?? "default";
  files[`${SA}/token`] = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVzaW0ifQ.simulated.token";
  files[`${SA}/ca.crt`] = "-----BEGIN CERTIFICATE-----\n(simulated cluster CA)\n-----END CERTIFICATE-----\n";
  const fs = Vfs.fromFiles(files, ["/tmp", "/root"]);
  for (const w of processOf(pod, ctr).writes ?? []) {
    if (w.append) fs.append(w.path, w.content);
    else fs.write(w.path, w.content);
  }
  return fs;
}

/** The container's current file tree (read-only use: nothing is saved). */
export function containerFs(c: Cluster, pod: KObject, container: string): Vfs {
  const saved = c.state.runtime[`${pod.metadata.uid}/${container}`]?.fs;
  return saved ? Vfs.fromJSON(saved as VfsJSON) : initialFs(pod, container);
}

/** Keeps a changed file tree for later sessions and for the servers that read it. */
export function saveContainerFs(c: Cluster, pod: KObject, container: string, fs: Vfs): void {
  runtimeState(c, pod, container).fs = fs.toJSON();
  c.api.dirty = true;
  probeAgain(c, pod);
}

export function readContainerFile(
  c: Cluster,
  pod: KObject,
  container: string,
  path: string,
): string | undefined {
  const fs = containerFs(c, pod, container);
  try {
    return fs.isDir(path) ? undefined : fs.read(path);
  } catch {
    return undefined;
  }
}
