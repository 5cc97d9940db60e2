// The HorizontalPodAutoscaler's way in: kubectl v1.32's `autoscale` posts autoscaling/v1
// (one targetCPUUtilizationPercentage), the apiserver stores autoscaling/v2 (a list of
// metrics). The v1 body is defaulted as v1 (minReplicas 1) and converted, and the stored
// object gets autoscaling/v2's defaults (SetDefaults_HorizontalPodAutoscaler): minReplicas
// 1, an 80% CPU utilization target when no metric is given, and a given behavior filled in
// with the default scale-up and scale-down rules.
import type { KObject } from "../../api/types.js";
import type { Obj } from "./raw.js";

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** A v1 body as the v2 object the apiserver stores (Convert_v1_HorizontalPodAutoscaler_To_autoscaling_...). */
export function convertHpaV1(obj: KObject): KObject {
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  const out: Obj = {
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas ?? 1,
    maxReplicas: spec.maxReplicas,
  };
  if (spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null)
    out.metrics = [
      {
        type: "Resource",
        resource: {
          name: "cpu",
          target: { type: "Utilization", averageUtilization: spec.targetCPUUtilizationPercentage },
        },
      },
    ];
  const converted: KObject = { ...obj, apiVersion: "autoscaling/v2", spec: out };
  delete converted.status;
  return converted;
}

const policy = (type: string, value: number) => ({ type, value, periodSeconds: 15 });

/** GenerateHPAScaleUpRules: what an unset part of a given scaleUp becomes. */
function scaleUpRules(r: Obj | undefined): Obj {
  const out: Obj = { ...(r ?? {}) };
  out.stabilizationWindowSeconds ??= 0;
  out.selectPolicy ??= "Max";
  out.policies ??= [policy("Pods", 4), policy("Percent", 100)];
  return out;
}

/** GenerateHPAScaleDownRules: the downscale window stays unset (the controller's 300 s). */
function scaleDownRules(r: Obj | undefined): Obj {
  const out: Obj = { ...(r ?? {}) };
  out.selectPolicy ??= "Max";
  out.policies ??= [policy("Percent", 100)];
  return out;
}

/** SetDefaults_HorizontalPodAutoscaler (autoscaling/v2). */
export function defaultHpa(o: Obj): void {
  const spec: Obj = isObj(o.spec) ? o.spec : {};
  o.spec = spec;
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    spec.metrics = [
      {
        type: "Resource",
        resource: {
          name: "cpu",
          target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = scaleUpRules(isObj(spec.behavior.scaleUp) ? spec.behavior.scaleUp : undefined);
    spec.behavior.scaleDown = scaleDownRules(
      isObj(spec.behavior.scaleDown) ? spec.behavior.scaleDown : undefined,
    );
  }
}

/**
 * A stored v2 object as the apiserver serves it at autoscaling/v1, for a client that asked
 * in v1 (kubectl autoscale's create). The CPU utilization target is v1's one field; other
 * metrics, conditions and behavior travel in v1 as annotations, which kubesim leaves out.
 */
export function hpaAsV1(obj: KObject): KObject {
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  const status: Obj = isObj(obj.status) ? obj.status : {};
  const cpu = (Array.isArray(spec.metrics) ? spec.metrics : []).find(
    (m: Obj) =>
      m?.type === "Resource" && m.resource?.name === "cpu" && m.resource?.target?.type === "Utilization",
  );
  const v1Spec: Obj = {
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
  };
  if (cpu?.resource?.target?.averageUtilization !== undefined)
    v1Spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const current = (Array.isArray(status.currentMetrics) ? status.currentMetrics : []).find(
    (m: Obj) => m?.type === "Resource" && m.resource?.name === "cpu",
  );
  const v1Status: Obj = {};
  if (status.observedGeneration !== undefined) v1Status.observedGeneration = status.observedGeneration;
  if (status.lastScaleTime !== undefined) v1Status.lastScaleTime = status.lastScaleTime;
  v1Status.currentReplicas = status.currentReplicas ?? 0;
  v1Status.desiredReplicas = status.desiredReplicas ?? 0;
  if (current?.resource?.current?.averageUtilization !== undefined)
    v1Status.currentCPUUtilizationPercentage = current.resource.current.averageUtilization;
  return { ...obj, apiVersion: "autoscaling/v1", spec: v1Spec, status: v1Status };
}

/** SetDefaults_ServiceReference (apiregistration/v1): port 443. */
export function defaultApiService(o: Obj): void {
  if (isObj(o.spec?.service)) o.spec.service.port ??= 443;
}
