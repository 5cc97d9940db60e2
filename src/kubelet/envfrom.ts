// The variables a container takes from the API, as the kubelet's makeEnvironmentVariables
// resolves them: `envFrom` (every key of a ConfigMap or Secret, with its prefix) and an env
// entry's `valueFrom` (a ConfigMap or Secret key, a field of the pod or a container's resources). A source that is
// missing and not optional yields nothing here; the kubelet's refusal to create the container
// (CreateContainerConfigError) is not modelled yet.
import type { Container, EnvVar, ResourceFieldSelector } from "kubernetes-types/core/v1";
import { containerResourceValue, divideResource, resourceFieldParts } from "../api/resource.js";
import type { Pod } from "../api/types.js";
import { CONFIGMAPS, NODES, SECRETS } from "../apiserver/resources.js";
import { expand, mappingFor } from "../golang/expansion.js";
import { quantityOrZero } from "../golang/quantity.js";
import type { Environ } from "../shell/index.js";
import type { KubeletContext } from "./context.js";

const decode = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");

function configMapData(
  c: KubeletContext,
  ns: string,
  name: string | undefined,
): Record<string, string> | undefined {
  const cm = name ? c.api.get(CONFIGMAPS, ns, name) : undefined;
  return cm ? { ...(cm.data ?? {}) } : undefined;
}

function secretData(
  c: KubeletContext,
  ns: string,
  name: string | undefined,
): Record<string, string> | undefined {
  const s = name ? c.api.get(SECRETS, ns, name) : undefined;
  if (!s) return undefined;
  return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, decode(String(v))]));
}

/** metadata.labels['app'] and the other downward-API field paths of env (fieldRef). */
function fieldOf(pod: Pod, path: string): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]];
  switch (path) {
    case "metadata.name":
      return pod.metadata.name;
    case "metadata.namespace":
      return pod.metadata.namespace ?? "default";
    case "metadata.uid":
      return pod.metadata.uid;
    case "spec.nodeName":
      return pod.spec.nodeName;
    case "spec.serviceAccountName":
      return pod.spec.serviceAccountName ?? "default";
    case "status.hostIP":
      return pod.status?.hostIP;
    case "status.podIP":
      return pod.status?.podIP;
    case "status.podIPs":
      return (pod.status?.podIPs ?? []).map((p) => p.ip).join(",");
    default:
      return undefined;
  }
}

function envValue(
  c: KubeletContext,
  pod: Pod,
  self: Container,
  e: EnvVar,
  mapping: (name: string) => string,
): string | undefined {
  // A non-empty value is expanded against what is defined so far; an empty one falls
  // through to valueFrom, as in the kubelet.
  if (e.value) return expand(e.value, mapping);
  const ns = pod.metadata.namespace ?? "default";
  const from = e.valueFrom;
  // No value and no source: the variable is set, empty (the API server drops `value: ""`).
  if (!from) return "";
  if (from?.configMapKeyRef)
    return configMapData(c, ns, from.configMapKeyRef.name)?.[from.configMapKeyRef.key];
  if (from?.secretKeyRef) return secretData(c, ns, from.secretKeyRef.name)?.[from.secretKeyRef.key];
  if (from?.fieldRef) return fieldOf(pod, from.fieldRef.fieldPath);
  if (from?.resourceFieldRef) return resourceOf(c, pod, self, from.resourceFieldRef);
  return undefined;
}

/**
 * A resourceFieldRef's value, as the kubelet's containerResourceRuntimeValue gives it: the
 * named container's (this one when unnamed) request or limit, and for a limit the container
 * leaves unset, the node's allocatable amount (MergeContainerResourceLimits).
 */
function resourceOf(
  c: KubeletContext,
  pod: Pod,
  self: Container,
  ref: ResourceFieldSelector,
): string | undefined {
  const ctr = ref.containerName ? pod.spec.containers.find((x) => x.name === ref.containerName) : self;
  const parts = resourceFieldParts(String(ref.resource ?? ""));
  if (!ctr || !parts) return undefined;
  const [kind, name] = parts;
  if (kind === "limits" && ctr.resources?.limits?.[name] === undefined) {
    const node = pod.spec.nodeName ? c.api.get(NODES, "", pod.spec.nodeName) : undefined;
    const allocatable = node?.status?.allocatable?.[name];
    if (allocatable !== undefined) return divideResource(name, quantityOrZero(allocatable), ref.divisor);
  }
  return containerResourceValue(ref, ctr);
}

/**
 * envFrom's variables (in order, a later source winning), then env's (winning over them).
 * An env value's `$(NAME)` references are expanded against the variables defined before it
 * and then the Service variables (`serviceVars`, read by name), as the kubelet's makeEnvironmentVariables does.
 */
export function apiEnv(
  c: KubeletContext,
  pod: Pod,
  ctr: Container,
  serviceVars?: Environ,
): Record<string, string> {
  const ns = pod.metadata.namespace ?? "default";
  const out: Record<string, string> = {};
  for (const src of ctr.envFrom ?? []) {
    const data = src.configMapRef
      ? configMapData(c, ns, src.configMapRef.name)
      : src.secretRef
        ? secretData(c, ns, src.secretRef.name)
        : undefined;
    for (const [k, v] of Object.entries(data ?? {})) out[`${src.prefix ?? ""}${k}`] = v;
  }
  const mapping = mappingFor(out, (name) => serviceVars?.get(name));
  for (const e of ctr.env ?? []) {
    const v = envValue(c, pod, ctr, e, mapping);
    if (v !== undefined) out[e.name] = v;
  }
  return out;
}

/**
 * The variables a container's command and args may reference that follow from the pod
 * alone: literal values (expanded in order), pod fields and the container's own resources.
 * The kubelet expands `$(NAME)` in command and args against the whole environment; kubesim
 * reads the command where the API is not at hand, so values from ConfigMaps, Secrets and
 * Services are left as written there.
 */
export function podOnlyEnv(pod: Pod, ctr: Container): Record<string, string> {
  const out: Record<string, string> = {};
  const mapping = mappingFor(out);
  for (const e of ctr.env ?? []) {
    const from = e.valueFrom;
    const v = e.value
      ? expand(e.value, mapping)
      : from?.fieldRef
        ? fieldOf(pod, from.fieldRef.fieldPath)
        : from?.resourceFieldRef
          ? containerResourceValue(from.resourceFieldRef, ctr)
          : from
            ? undefined
            : "";
    if (v !== undefined) out[e.name] = v;
  }
  return out;
}

/** ExpandContainerCommandAndArgs, over podOnlyEnv's variables; the same arrays when nothing refers to one. */
export function expandCommand(pod: Pod, ctr: Container): { command?: string[]; args?: string[] } {
  const refers = (xs?: string[]) => !!xs?.some((x) => x.includes("$"));
  if (!refers(ctr.command) && !refers(ctr.args)) return { command: ctr.command, args: ctr.args };
  const mapping = mappingFor(podOnlyEnv(pod, ctr));
  return {
    command: ctr.command?.map((x) => expand(x, mapping)),
    args: ctr.args?.map((x) => expand(x, mapping)),
  };
}
