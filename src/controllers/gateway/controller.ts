// cloud-provider-kind's Gateway API controller (pkg/gateway), once the Gateway API CRDs are
// installed: it creates the GatewayClass `cloud-provider-kind` for its controllerName
// kind.sigs.k8s.io/gateway-controller and accepts every class naming it; each Gateway of such
// a class gets an Envoy container whose address comes from the same pool as the LoadBalancer
// Services (servicelb.ts), listener statuses with their attached routes, and the
// Accepted/Programmed conditions; each HTTPRoute naming such a Gateway gets a parent status
// with Accepted and ResolvedRefs. Reasons and messages are the controller's own. What the
// Envoy then answers is the data plane's (net/gateway).

import { NAMESPACES, SECRETS, SERVICES } from "../../apiserver/resources.js";
import { rfc3339 } from "../../golang/time.js";
import type { ControllerContext } from "../context.js";
import { allocatePoolAddress, usedPoolAddresses } from "../servicelb.js";
import { wakeAt } from "../timers.js";
import { listenersForRef, refersTo, supportedProtocol } from "./attach.js";
import {
  CLASS_NAME,
  CONTROLLER_NAME,
  type Condition,
  GATEWAY_GROUP,
  type Gateway,
  gatewayClassType,
  type HTTPRoute,
  listGateways,
  listHTTPRoutes,
  referenceGranted,
} from "./kinds.js";
import { listenerCertificates } from "./tls.js";
import { translateRoute } from "./translate.js";

type Cond = Omit<Condition, "lastTransitionTime">;

/** How long the Envoy container takes to start, in ms of cluster time (before scaling). */
const ENVOY_START_MS = 2000;

/** meta.SetStatusCondition: a condition keeps its transition time while its status holds. */
function setConditions(old: Condition[] | undefined, next: Cond[], now: string): Condition[] {
  return next.map((c) => {
    const was = old?.find((o) => o.type === c.type);
    return { ...c, lastTransitionTime: was && was.status === c.status ? was.lastTransitionTime : now };
  });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function syncClasses(c: ControllerContext, now: string): { changed: boolean; ours: Set<string> } {
  const r = gatewayClassType();
  const ours = new Set<string>();
  if (!r) return { changed: false, ours };
  let changed = false;
  if (!c.api.get(r, undefined, CLASS_NAME)) {
    c.api.insert({
      apiVersion: `${GATEWAY_GROUP}/v1`,
      kind: "GatewayClass",
      metadata: { name: CLASS_NAME, generation: 1 },
      spec: { controllerName: CONTROLLER_NAME, description: "cloud-provider-kind gateway API" },
    });
    changed = true;
  }
  for (const gwc of c.api.all(r)) {
    if (gwc.metadata.deletionTimestamp || gwc.spec?.controllerName !== CONTROLLER_NAME) continue;
    ours.add(gwc.metadata.name ?? "");
    const conditions = setConditions(
      gwc.status?.conditions,
      [
        {
          type: "Accepted",
          status: "True",
          reason: "Accepted",
          message: "GatewayClass is accepted by this controller.",
          observedGeneration: gwc.metadata.generation ?? 1,
        },
      ],
      now,
    );
    if (same(gwc.status?.conditions, conditions)) continue;
    c.api.put({ ...gwc, status: { ...gwc.status, conditions } });
    changed = true;
  }
  return { changed, ours };
}

type ParentStatus = NonNullable<NonNullable<HTTPRoute["status"]>["parents"]>[number];

export function syncGatewayApi(c: ControllerContext): boolean {
  if (!c.state.settings.loadBalancer || !gatewayClassType()) return false;
  const now = rfc3339(c.clock.now());
  const classes = syncClasses(c, now);
  let changed = classes.changed;
  const labels = new Map(c.api.all(NAMESPACES).map((n) => [n.metadata.name, n.metadata.labels]));
  const nsLabels = (ns: string) => labels.get(ns);
  const services = new Set(c.api.all(SERVICES).map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
  const serviceExists = (ns: string, name: string) => services.has(`${ns}/${name}`);
  const routes = listHTTPRoutes(c.api).filter((r) => !r.metadata.deletionTimestamp);
  const granted = referenceGranted(c.api);
  const parents = new Map<HTTPRoute, ParentStatus[]>();
  const used = usedPoolAddresses(c);
  for (const gw of listGateways(c.api)) {
    if (gw.metadata.deletionTimestamp || !classes.ours.has(gw.spec.gatewayClassName)) continue;
    // Until its Envoy container runs, a Gateway keeps the CRD's "Waiting for controller" status.
    const due =
      Date.parse(gw.metadata.creationTimestamp ?? "") + Math.round(ENVOY_START_MS * c.clock.timeScale);
    if (due > c.clock.now()) {
      wakeAt(c, "gateway-api", `${gw.metadata.namespace}/${gw.metadata.name}`, due);
      continue;
    }
    const gen = gw.metadata.generation ?? 1;
    const attached = new Map<string, number>();
    for (const route of routes) {
      const rns = route.metadata.namespace ?? "";
      const t = translateRoute(route, serviceExists, granted);
      for (const ref of route.spec.parentRefs ?? []) {
        if (!refersTo(ref, rns, gw)) continue;
        const { listeners, rejection } = listenersForRef(gw, ref, route, nsLabels);
        const rgen = route.metadata.generation ?? 1;
        const accepted: Cond = rejection
          ? {
              type: "Accepted",
              status: "False",
              reason: rejection,
              message:
                rejection === "NotAllowedByListeners"
                  ? "Route is not allowed by a listener's policy."
                  : "The route's hostnames do not match any listener hostnames.",
              observedGeneration: rgen,
            }
          : (t.notAccepted ?? {
              type: "Accepted",
              status: "True",
              reason: "Accepted",
              message: "Route is accepted.",
              observedGeneration: rgen,
            });
        const conds: Cond[] = [
          accepted,
          { ...t.resolvedRefs(accepted.status === "True"), observedGeneration: rgen },
        ];
        if (accepted.status === "True" && t.partiallyInvalid)
          conds.push({ ...t.partiallyInvalid, observedGeneration: rgen });
        const list = parents.get(route) ?? [];
        const old = route.status?.parents?.find((p) => same(p.parentRef, ref))?.conditions;
        list.push({
          parentRef: ref,
          controllerName: CONTROLLER_NAME,
          conditions: setConditions(old, conds, now),
        });
        parents.set(route, list);
        if (accepted.status !== "True" || !t.routes.length) continue;
        for (const l of new Set(listeners.map((x) => x.name))) attached.set(l, (attached.get(l) ?? 0) + 1);
      }
    }
    if (syncGatewayStatus(c, gw, gen, attached, used, now)) changed = true;
  }
  for (const [route, list] of parents) {
    if (same(route.status?.parents, list)) continue;
    c.api.put({ ...route, status: { ...route.status, parents: list } });
    changed = true;
  }
  return changed;
}

function syncGatewayStatus(
  c: ControllerContext,
  gw: Gateway,
  gen: number,
  attached: Map<string, number>,
  used: Set<string>,
  now: string,
): boolean {
  const listeners = (gw.spec.listeners ?? []).map((l) => {
    const old = gw.status?.listeners?.find((o) => o.name === l.name)?.conditions;
    const resolved: Cond = {
      type: "ResolvedRefs",
      status: "True",
      reason: "ResolvedRefs",
      message: "All references resolved",
      observedGeneration: gen,
    };
    // allowedRoutes.kinds, when given, must all be HTTPRoute: else the listener stops at ResolvedRefs.
    const kinds = l.allowedRoutes?.kinds ?? [];
    const valid = kinds.filter((k) => (!k.group || k.group === GATEWAY_GROUP) && k.kind === "HTTPRoute");
    const supportedKinds = kinds.length
      ? valid.map((k) => ({ group: GATEWAY_GROUP, kind: k.kind }))
      : supportedProtocol(l)
        ? [{ group: GATEWAY_GROUP, kind: "HTTPRoute" }]
        : [];
    if (valid.length < kinds.length)
      return {
        name: l.name,
        attachedRoutes: 0,
        supportedKinds,
        conditions: setConditions(
          old,
          [
            {
              type: "ResolvedRefs",
              status: "False",
              reason: "InvalidRouteKinds",
              message: "Invalid route kinds specified in allowedRoutes",
              observedGeneration: gen,
            },
          ],
          now,
        ),
      };
    if (!supportedProtocol(l))
      return {
        name: l.name,
        attachedRoutes: 0,
        supportedKinds,
        conditions: setConditions(
          old,
          [
            resolved,
            {
              type: "Accepted",
              status: "False",
              reason: "UnsupportedProtocol",
              message: `Protocol "${l.protocol}" is not supported; supported protocols are HTTP and HTTPS.`,
              observedGeneration: gen,
            },
          ],
          now,
        ),
      };
    const certs =
      l.protocol === "HTTPS"
        ? listenerCertificates(l, gw.metadata.namespace ?? "", (ns, name) => c.api.get(SECRETS, ns, name))
        : undefined;
    const programmed: Cond =
      certs && "error" in certs
        ? {
            type: "Programmed",
            status: "False",
            reason: "Invalid",
            message: `Failed to program listener: failed to build TLS context for listener ${l.name}: ${certs.error}`,
            observedGeneration: gen,
          }
        : {
            type: "Programmed",
            status: "True",
            reason: "Programmed",
            message: "Listener is programmed",
            observedGeneration: gen,
          };
    return {
      name: l.name,
      attachedRoutes: attached.get(l.name) ?? 0,
      supportedKinds,
      conditions: setConditions(
        old,
        [
          resolved,
          programmed,
          {
            type: "Accepted",
            status: "True",
            reason: "Accepted",
            message: "Listener is valid",
            observedGeneration: gen,
          },
        ],
        now,
      ),
    };
  });
  const invalid = listeners.filter((l) =>
    l.conditions.some((x) => x.type === "Accepted" && x.status === "False"),
  );
  const accepted: Cond =
    invalid.length === 0
      ? {
          type: "Accepted",
          status: "True",
          reason: "Accepted",
          message: "Gateway is accepted",
          observedGeneration: gen,
        }
      : invalid.length < listeners.length
        ? {
            type: "Accepted",
            status: "True",
            reason: "ListenersNotValid",
            message: "One or more listeners are not valid",
            observedGeneration: gen,
          }
        : {
            type: "Accepted",
            status: "False",
            reason: "ListenersNotValid",
            message: "All listeners are invalid",
            observedGeneration: gen,
          };
  let addresses = gw.status?.addresses;
  let programmed: Cond;
  if (accepted.status === "False") {
    programmed = {
      type: "Programmed",
      status: "False",
      reason: "Invalid",
      message: "Gateway is not accepted",
      observedGeneration: gen,
    };
  } else {
    // The Envoy container's address: kept once given, else the requested one when free, else the pool's next.
    if (!addresses?.length) {
      const requested = (gw.spec.addresses ?? []).find((a) => (a.type ?? "IPAddress") === "IPAddress")?.value;
      const ip = allocatePoolAddress(used, requested);
      addresses = ip ? [{ type: "IPAddress", value: ip }] : [];
      if (ip) used.add(ip);
    }
    const wanted = gw.spec.addresses ?? [];
    const missing = wanted.filter((w) => !(addresses ?? []).some((a) => a.value === w.value)).length;
    const notProgrammed = listeners.filter(
      (l) => !l.conditions.some((x) => x.type === "Programmed" && x.status === "True"),
    ).length;
    programmed =
      missing > 0
        ? {
            type: "Programmed",
            status: "False",
            reason: "AddressNotUsable",
            message: `${missing} out of ${wanted.length} addresses failed to be assigned`,
            observedGeneration: gen,
          }
        : notProgrammed > 0
          ? {
              type: "Programmed",
              status: "False",
              reason: "ListenersNotProgrammed",
              message: `${notProgrammed} out of ${listeners.length} listeners failed to be programmed`,
              observedGeneration: gen,
            }
          : {
              type: "Programmed",
              status: "True",
              reason: "Programmed",
              message: "Envoy configuration updated successfully",
              observedGeneration: gen,
            };
  }
  const status = {
    ...(addresses?.length ? { addresses } : {}),
    conditions: setConditions(gw.status?.conditions, [accepted, programmed], now),
    listeners,
  };
  if (same(gw.status, status)) return false;
  c.api.put({ ...gw, status } as Gateway);
  return true;
}
