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
import type { Environ } from "../shell/index.js";
import type { KubeletContext } from "./context.js";
import { apiEnv } from "./envfrom.js";
import { ServiceLinks } from "./envvars.js";
import { containerKey, modelOf, runtimeAt, runtimeState } from "./runtime.js";

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The Service variables of the Services that existed when the container started: those
 * created up to its `seen` count, or (a cluster saved before the count) before `startedAt`.
 * Read by name as the shell asks for them; `at` is the cluster of the moment (an
 * interactive shell runs each line in a transaction of its own).
 */
function servicesSeen(
  at: () => KubeletContext,
  pod: Pod,
  seen: number | undefined,
  startedAt: number,
): ServiceLinks {
  // The kubelet's own reads, whoever runs the shell (`run -it --as`).
  const read = {
    get: (ns: string, name: string) => at().api.internally(() => at().api.get(SERVICES, ns, name)),
    list: () => at().api.internally(() => at().api.list(SERVICES)),
  };
  return new ServiceLinks(pod, read, (svc) => {
    const n = at().api.serviceNumber(svc.metadata.uid ?? "");
    return seen === undefined || n === undefined
      ? Date.parse(svc.metadata.creationTimestamp ?? "") <= startedAt
      : n <= seen;
  });
}

/**
 * The environment as `{ ...head, ...services, ...own, HOME }` would spread it (names keep
 * the place they first had, values come from the last layer that has them), without
 * reading every Service for one name: `entries` spreads exactly that, `get` asks the
 * layers from the last.
 */
function layered(
  head: Record<string, string>,
  services: ServiceLinks,
  own: Record<string, string>,
  home: string,
): Environ {
  return {
    get: (name) => {
      if (name === "HOME") return home;
      if (Object.hasOwn(own, name)) return own[name];
      return services.get(name) ?? (Object.hasOwn(head, name) ? head[name] : undefined);
    },
    entries: () => Object.entries({ ...head, ...services.all(), ...own, HOME: home }),
  };
}

export function containerEnv(
  c: KubeletContext,
  pod: Pod,
  ctr: Container,
  o: { tty?: boolean; at?: () => KubeletContext } = {},
): Environ {
  const status = (pod.status?.containerStatuses ?? []).find((x) => x.name === ctr.name);
  const startedAt = Date.parse(
    status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt ?? "",
  );
  const st = runtimeAt(c, containerKey(pod, ctr.name));
  const seen = st?.serviceSeq;
  const image = modelOf(ctr.image ?? "").env ?? {};
  const services = servicesSeen(o.at ?? (() => c), pod, seen, startedAt);
  const own = st?.apiEnv ?? apiEnv(c, pod, ctr, services);
  const head = {
    PATH: image.PATH ?? DEFAULT_PATH,
    // containerd sets $HOSTNAME to the sandbox's hostname: the node's on the host network.
    HOSTNAME: containerHostname(pod),
    ...(o.tty ? { TERM: "xterm" } : {}),
    ...image,
  };
  return layered(head, services, own, own.HOME ?? image.HOME ?? "/root");
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
  if (fromApi)
    st.apiEnv = apiEnv(
      c,
      pod,
      ctr,
      servicesSeen(() => c, pod, st.serviceSeq, Number.POSITIVE_INFINITY),
    );
  else delete st.apiEnv;
}
