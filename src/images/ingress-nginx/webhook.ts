// The validating webhook ingress-nginx's controller serves (--validating-webhook=:8443 in
// kind's manifest). kubesim runs one of its checks, the one learners meet: an Ingress of
// this controller's class whose host and path another Ingress already defines is denied
// with the controller's text (checkOverlap; a rule without host is nginx's catch-all "_",
// a path without path is "/", and a canary Ingress may share them). The rest of the real
// webhook (rendering and testing the whole nginx configuration) is not modelled: anything
// else is admitted.

import type { KObject, Pod } from "../../api/types.js";
import type { WebhookAnswer } from "../../apiserver/context.js";
import { parseImage, repoKey } from "../catalog.js";
import { goFlag } from "../goserver.js";
import { controllerFlags, servedIngresses } from "./controller.js";
import { CONTROLLER_REPO } from "./index.js";

const CANARY = "nginx.ingress.kubernetes.io/canary";

/** The controller container's words, when `pod` runs ingress-nginx's controller. */
function controllerWords(pod: Pod): string[] | undefined {
  for (const ctr of pod.spec?.containers ?? []) {
    if (repoKey(parseImage(ctr.image ?? "")) === CONTROLLER_REPO)
      return [...(ctr.command ?? []), ...(ctr.args ?? [])];
  }
  return undefined;
}

/**
 * What the pod answers on `port`, or undefined when it does not run ingress-nginx's
 * controller. `objects` lists the stored Ingresses and IngressClasses.
 */
export function ingressNginxWebhook(
  pod: Pod,
  port: number,
  object: KObject,
  objects: (kind: string) => KObject[],
): WebhookAnswer | undefined {
  const words = controllerWords(pod);
  if (!words) return undefined;
  const listen = goFlag(words, "validating-webhook");
  if (!listen || Number(listen.slice(listen.lastIndexOf(":") + 1)) !== port) return { refused: true };
  if (object.kind !== "Ingress" || object.metadata.annotations?.[CANARY] === "true") return {};
  const f = controllerFlags(words);
  // Only Ingresses of this controller's class are checked, against the ones it serves.
  if (servedIngresses((k) => (k === "Ingress" ? [object] : objects(k)), f).length === 0) return {};
  const others = servedIngresses(objects, f).filter(
    (o) => o.metadata.namespace !== object.metadata.namespace || o.metadata.name !== object.metadata.name,
  );
  for (const rule of object.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const p = path.path || "/";
      const existing = others.find((o) =>
        (o.spec?.rules ?? []).some(
          (r: { host?: string; http?: { paths?: { path?: string }[] } }) =>
            (r.host ?? "") === (rule.host ?? "") && (r.http?.paths ?? []).some((q) => (q.path || "/") === p),
        ),
      );
      if (existing && existing.metadata.annotations?.[CANARY] !== "true")
        return {
          denied: `host "${rule.host || "_"}" and path "${p}" is already defined in ingress ${existing.metadata.namespace}/${existing.metadata.name}`,
        };
    }
  }
  return {};
}
