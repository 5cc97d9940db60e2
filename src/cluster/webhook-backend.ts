// What the pod behind an admission webhook's Service answers the apiserver's call, from the
// image models: ingress-nginx's controller serves its webhook where --validating-webhook
// says and runs its overlap check (images/ingress-nginx/webhook.ts); any other pod refuses
// the connection unless a running container's process listens on the port, and admits when
// one does (kubesim does not model other images' webhook logic).
import type { WebhookBackend } from "../apiserver/context.js";
import { INGRESSCLASSES, INGRESSES } from "../apiserver/resources.js";
import { ingressNginxWebhook } from "../images/ingress-nginx/webhook.js";
import { isRunning, processOf } from "../kubelet/runtime.js";

export const webhookBackend: WebhookBackend = (c, call) => {
  const objects = (kind: string) =>
    kind === "Ingress" ? c.api.list(INGRESSES) : kind === "IngressClass" ? c.api.list(INGRESSCLASSES) : [];
  const nginx = ingressNginxWebhook(call.pod, call.port, call.request.object, objects);
  if (nginx) return nginx;
  const listens = (call.pod.spec?.containers ?? []).some(
    (ctr) =>
      isRunning(call.pod, ctr.name) &&
      processOf(call.pod, ctr).listeners.some((l) => l.port === call.port && l.protocol === "TCP"),
  );
  return listens ? {} : { refused: true };
};
