// What the pod behind an admission webhook's Service answers the apiserver's call, from the
// image models: ingress-nginx's controller runs its overlap check (images/ingress-nginx/
// webhook.ts); other images' webhook logic is not modelled, so their pods admit.
import type { WebhookBackend } from "../apiserver/context.js";
import { INGRESSCLASSES, INGRESSES } from "../apiserver/resources.js";
import { ingressNginxWebhook } from "../images/ingress-nginx/webhook.js";

export const webhookBackend: WebhookBackend = (c, call) => {
  const objects = (kind: string) =>
    kind === "Ingress" ? c.api.list(INGRESSES) : kind === "IngressClass" ? c.api.list(INGRESSCLASSES) : [];
  return ingressNginxWebhook(call.pod, call.port, call.request.object, objects) ?? {};
};
