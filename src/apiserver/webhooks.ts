// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins: which configured
// webhooks a write matches (rules, namespaceSelector, objectSelector) and what calling
// each one amounts to. kubesim does not run a webhook's own logic: it models the call the
// apiserver makes (kind's apiserver resolves a webhook Service to its ClusterIP, so with
// no ready endpoint the dial is refused by kube-proxy's REJECT rule, and a pod that does
// not listen refuses it too), and a reachable webhook admits the request unchanged unless
// the image model behind it (AdmissionContext.webhookBackend) answers otherwise.

import type { Endpoints, KObject, Pod, Service, ValidatingWebhook } from "../api/types.js";
import { labelSelectorAsSelector } from "./admission/validation/meta.js";
import type { AdmissionContext, WebhookBackend } from "./context.js";
import { StatusError } from "./errors.js";
import {
  ENDPOINTS,
  MUTATING_WEBHOOKS,
  NAMESPACES,
  PODS,
  type ResourceType,
  SERVICES,
  VALIDATING_WEBHOOKS,
} from "./resources.js";

export type Operation = "CREATE" | "UPDATE" | "DELETE";

export interface WebhookRequest {
  operation: Operation;
  resource: ResourceType;
  subresource?: string;
  /** The object after the write (for DELETE, the object being deleted). */
  object: KObject;
  old?: KObject;
}

const listed = (xs: readonly string[] | undefined, v: string) => (xs ?? []).some((x) => x === "*" || x === v);

// A rule's resources entries against resource[/subresource]: a star on either side of the
// slash matches anything there ("pods/star" is every subresource of pods).
function resourceMatches(entries: readonly string[] | undefined, res: string, sub: string): boolean {
  return (entries ?? []).some((e) => {
    const [r, s = ""] = e.split("/", 2);
    return (r === "*" || r === res) && (s === "*" || s === sub);
  });
}

/** rules.Matcher: operation, group, version, resource and scope of any one rule. */
function rulesMatch(hook: ValidatingWebhook, req: WebhookRequest): boolean {
  const r = req.resource;
  // The version the request was made in (a custom resource may be sent in any served one).
  const av = req.object.apiVersion ?? "";
  const version = av.includes("/") ? av.slice(av.indexOf("/") + 1) : av || r.version;
  // kubernetes-types leaves out the fields RuleWithOperations inlines from Rule.
  const rules = (hook.rules ?? []) as Array<{
    operations?: string[];
    apiGroups?: string[];
    apiVersions?: string[];
    resources?: string[];
    scope?: string;
  }>;
  return rules.some((rule) => {
    const scope = rule.scope ?? "*";
    return (
      listed(rule.operations, req.operation) &&
      listed(rule.apiGroups, r.group) &&
      listed(rule.apiVersions, version) &&
      resourceMatches(rule.resources, r.plural, req.subresource ?? "") &&
      (scope === "*" || (scope === "Namespaced") === r.namespaced)
    );
  });
}

const matchesSelector = (sel: unknown, labels: Record<string, string> | undefined) =>
  labelSelectorAsSelector(sel ?? {})?.matches(labels) ?? false;

/** namespaceSelector (a namespaced object's namespace, or a Namespace itself) and objectSelector. */
function selectorsMatch(c: AdmissionContext, hook: ValidatingWebhook, req: WebhookRequest): boolean {
  const objLabels = (o?: KObject) => o?.metadata.labels;
  if (
    !matchesSelector(hook.objectSelector, objLabels(req.object)) &&
    !matchesSelector(hook.objectSelector, objLabels(req.old))
  )
    return false;
  if (req.resource.kind === "Namespace")
    return matchesSelector(hook.namespaceSelector, objLabels(req.object));
  if (!req.resource.namespaced) return true;
  const empty = labelSelectorAsSelector(hook.namespaceSelector ?? {})?.empty;
  if (empty) return true;
  const ns = c.api.get(NAMESPACES, undefined, req.object.metadata.namespace ?? "");
  return matchesSelector(hook.namespaceSelector, ns?.metadata.labels);
}

/** Go's url.Error around a dial: `Post "URL": REASON`, as ErrCallingWebhook wraps it. */
function callingFailed(hook: ValidatingWebhook, url: string, reason: string): StatusError {
  return new StatusError(
    "InternalError",
    `Internal error occurred: failed calling webhook "${hook.name}": failed to call webhook: Post "${url}": ${reason}`,
    500,
  );
}

/** The ready endpoint pod behind `svc`'s port `port`, if any. */
function readyPod(
  c: AdmissionContext,
  svc: Service,
  portName: string,
): { pod?: Pod; port: number } | undefined {
  const ep = c.api.get(ENDPOINTS, svc.metadata.namespace, svc.metadata.name) as Endpoints | undefined;
  for (const subset of ep?.subsets ?? []) {
    const port = (subset.ports ?? []).find((p) => (p.name ?? "") === portName);
    const addr = subset.addresses?.[0];
    if (!port || !addr) continue;
    const ref = addr.targetRef;
    const pod = ref?.kind === "Pod" ? c.api.get(PODS, ref.namespace, ref.name ?? "") : undefined;
    return { pod, port: port.port };
  }
  return undefined;
}

/** One webhook call; throws the Status the apiserver returns when it fails (policy Fail) or denies. */
function call(c: AdmissionContext, hook: ValidatingWebhook, req: WebhookRequest): void {
  const ref = hook.clientConfig.service;
  // A url webhook points outside the cluster, which kubesim has no network to: it is
  // taken as answering "allowed".
  if (!ref) return;
  const port = ref.port ?? 443;
  // client-go's REST client: a Service without path is requested at "/".
  const url = `https://${ref.name}.${ref.namespace}.svc:${port}${ref.path || "/"}?timeout=${hook.timeoutSeconds ?? 10}s`;
  const svc = c.api.get(SERVICES, ref.namespace, ref.name);
  if (!svc) throw callingFailed(hook, url, `service "${ref.name}" not found`);
  if (svc.spec.clusterIP === "None")
    throw callingFailed(hook, url, `cannot route to service with ClusterIP "None"`);
  const svcPort = (svc.spec.ports ?? []).find((p) => p.port === port);
  if (!svcPort) throw callingFailed(hook, url, `no service port ${port} found for service "${ref.name}"`);
  const refused = `dial tcp ${svc.spec.clusterIP}:${port}: connect: connection refused`;
  const target = readyPod(c, svc, svcPort.name ?? "");
  if (!target) throw callingFailed(hook, url, refused);
  const backend: WebhookBackend | undefined = c.webhookBackend;
  if (!target.pod || !backend) return;
  const answer = backend(c, {
    pod: target.pod,
    port: target.port,
    path: ref.path ?? "",
    hook: hook.name,
    request: req,
  });
  if (answer.refused) throw callingFailed(hook, url, refused);
  if (answer.denied !== undefined)
    throw new StatusError(
      "BadRequest",
      `admission webhook "${hook.name}" denied the request: ${answer.denied}`,
      400,
    );
}

/**
 * Calls the matching webhooks of one phase in the apiserver's order (configurations by
 * name, webhooks in their order). A webhook that cannot be called fails the request when
 * its failurePolicy is Fail and is skipped when it is Ignore; a denial always fails it.
 * Webhook configurations themselves are never sent to webhooks.
 */
export function callWebhooks(
  c: AdmissionContext,
  phase: "mutating" | "validating",
  req: WebhookRequest,
): void {
  if (req.resource.group === "admissionregistration.k8s.io") return;
  const configs = c.api.all(phase === "mutating" ? MUTATING_WEBHOOKS : VALIDATING_WEBHOOKS);
  if (configs.length === 0) return;
  configs.sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
  for (const config of configs) {
    for (const hook of (config.webhooks ?? []) as ValidatingWebhook[]) {
      if (!rulesMatch(hook, req) || !selectorsMatch(c, hook, req)) continue;
      try {
        call(c, hook, req);
      } catch (e) {
        if (e instanceof StatusError && e.reason === "InternalError" && hook.failurePolicy === "Ignore")
          continue;
        throw e;
      }
    }
  }
}
