// A container's process environment, built once for everything that runs in it: the main
// process, `kubectl exec`, exec probes. As the runtime and the kubelet set it: PATH and
// HOSTNAME first (TERM with a terminal), the image's ENV, the Service variables of the
// Services that existed when the container started, the pod's `env`, and HOME (runc adds
// /root when nothing set it). A shell adds PWD and SHLVL itself; a program exec'd directly
// (`kubectl exec pod -- printenv`) sees none.
import type { Container } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { SERVICES } from "../apiserver/resources.js";
import { containerHostname } from "../dns/index.js";
import type { KubeletContext } from "./context.js";
import { apiEnv } from "./envfrom.js";
import { serviceEnv } from "./envvars.js";
import { containerKey, modelOf, runtimeAt, runtimeState } from "./runtime.js";

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The Service variables of the Services that existed when the container started: those
 * created up to its `seen` count, or (a cluster saved before the count) before `startedAt`.
 */
function servicesSeen(
  c: KubeletContext,
  pod: Pod,
  seen: number | undefined,
  startedAt: number,
): Record<string, string> {
  return serviceEnv(pod, c.api.list(SERVICES), (svc) => {
    const n = c.api.serviceNumber(svc.metadata.uid ?? "");
    return seen === undefined || n === undefined
      ? Date.parse(svc.metadata.creationTimestamp ?? "") <= startedAt
      : n <= seen;
  });
}

export function containerEnv(
  c: KubeletContext,
  pod: Pod,
  ctr: Container,
  o: { tty?: boolean } = {},
): Record<string, string> {
  const status = (pod.status?.containerStatuses ?? []).find((x) => x.name === ctr.name);
  const startedAt = Date.parse(
    status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt ?? "",
  );
  const st = runtimeAt(c, containerKey(pod, ctr.name));
  const seen = st?.serviceSeq;
  const image = modelOf(ctr.image ?? "").env ?? {};
  const services = servicesSeen(c, pod, seen, startedAt);
  const own = st?.apiEnv ?? apiEnv(c, pod, ctr, services);
  return {
    PATH: image.PATH ?? DEFAULT_PATH,
    // containerd sets $HOSTNAME to the sandbox's hostname: the node's on the host network.
    HOSTNAME: containerHostname(pod),
    ...(o.tty ? { TERM: "xterm" } : {}),
    ...image,
    ...services,
    ...own,
    HOME: own.HOME ?? image.HOME ?? "/root",
  };
}

/**
 * What the kubelet fixes as it starts a container: which Services exist (their variables) and
 * the values it reads from ConfigMaps and Secrets. Editing those later changes mounted files
 * (volumesync.ts), never a running container's environment.
 */
export function fixEnvironment(c: KubeletContext, pod: Pod, ctr: Container): void {
  const st = runtimeState(c, pod, ctr.name);
  st.serviceSeq = c.state.serviceSeq?.last ?? 0;
  const fromApi =
    !!ctr.envFrom?.length ||
    (ctr.env ?? []).some((e) => e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef);
  // The Services of this start, for $(NAME) references in env values.
  if (fromApi) st.apiEnv = apiEnv(c, pod, ctr, servicesSeen(c, pod, st.serviceSeq, Number.POSITIVE_INFINITY));
  else delete st.apiEnv;
}
