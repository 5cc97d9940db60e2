// The files a container sees under its volume mounts, as the kubelet writes them when it
// starts the container: a configMap or secret volume is a directory of its keys (all, or the
// `items` chosen, at their paths), secrets decoded. Mounted over the image's files. Updates
// after the start (the kubelet's sync delay) and subPath mounts are not modelled yet.
import type { Container, KeyToPath } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { CONFIGMAPS, SECRETS } from "../apiserver/resources.js";
import type { KubeletContext } from "./context.js";

function place(
  dir: string,
  data: Record<string, string>,
  items: KeyToPath[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  const base = dir.replace(/\/$/, "");
  const chosen = items?.length ? items : Object.keys(data).map((key) => ({ key, path: key }));
  for (const it of chosen) if (data[it.key] !== undefined) out[`${base}/${it.path}`] = data[it.key];
  return out;
}

/** The container's mount points of configMap and secret volumes: they hide the image's files there. */
export function volumeMountPaths(pod: Pod, ctr: Container): string[] {
  return (ctr.volumeMounts ?? [])
    .filter((m) => !m.subPath)
    .filter((m) => {
      const v = (pod.spec.volumes ?? []).find((x) => x.name === m.name);
      return !!(v?.configMap || v?.secret);
    })
    .map((m) => m.mountPath.replace(/\/$/, ""));
}

export function volumeFiles(c: KubeletContext, pod: Pod, ctr: Container): Record<string, string> {
  const ns = pod.metadata.namespace ?? "default";
  const out: Record<string, string> = {};
  for (const m of ctr.volumeMounts ?? []) {
    if (m.subPath) continue;
    const v = (pod.spec.volumes ?? []).find((x) => x.name === m.name);
    if (v?.configMap?.name) {
      const cm = c.api.get(CONFIGMAPS, ns, v.configMap.name);
      if (cm) Object.assign(out, place(m.mountPath, { ...(cm.data ?? {}) }, v.configMap.items));
    } else if (v?.secret?.secretName) {
      const s = c.api.get(SECRETS, ns, v.secret.secretName);
      const data = Object.fromEntries(
        Object.entries(s?.data ?? {}).map(([k, b64]) => [
          k,
          Buffer.from(String(b64), "base64").toString("utf8"),
        ]),
      );
      if (s) Object.assign(out, place(m.mountPath, data, v.secret.items));
    }
  }
  return out;
}
