// autoscaling/v2 HorizontalPodAutoscaler (the version the apiserver stores and serves first)
// and autoscaling/v1, the older shape kubectl v1.32's `autoscale` still posts: one CPU
// target percentage instead of a list of metrics.
import { bool, bytes, i32, i64, list, named, quantity, str, struct, time } from "./dsl.js";
import { labelSelector, typeMetaFields } from "./meta.js";

const crossVersionObjectReference = (pkg: string) =>
  struct("CrossVersionObjectReference", { kind: str, name: str, apiVersion: str }, pkg);

const metricTarget = struct(
  "MetricTarget",
  { type: named("MetricTargetType", "v2"), value: quantity, averageValue: quantity, averageUtilization: i32 },
  "v2",
);
const metricValueStatus = struct(
  "MetricValueStatus",
  { value: quantity, averageValue: quantity, averageUtilization: i32 },
  "v2",
);
const metricIdentifier = struct("MetricIdentifier", { name: str, selector: labelSelector }, "v2");

const metricSpec = struct(
  "MetricSpec",
  {
    type: named("MetricSourceType", "v2"),
    object: struct(
      "ObjectMetricSource",
      { describedObject: crossVersionObjectReference("v2"), target: metricTarget, metric: metricIdentifier },
      "v2",
    ),
    pods: struct("PodsMetricSource", { metric: metricIdentifier, target: metricTarget }, "v2"),
    resource: struct("ResourceMetricSource", { name: named("ResourceName"), target: metricTarget }, "v2"),
    containerResource: struct(
      "ContainerResourceMetricSource",
      { name: named("ResourceName"), target: metricTarget, container: str },
      "v2",
    ),
    external: struct("ExternalMetricSource", { metric: metricIdentifier, target: metricTarget }, "v2"),
  },
  "v2",
);

const metricStatus = struct(
  "MetricStatus",
  {
    type: named("MetricSourceType", "v2"),
    object: struct(
      "ObjectMetricStatus",
      {
        metric: metricIdentifier,
        current: metricValueStatus,
        describedObject: crossVersionObjectReference("v2"),
      },
      "v2",
    ),
    pods: struct("PodsMetricStatus", { metric: metricIdentifier, current: metricValueStatus }, "v2"),
    resource: struct(
      "ResourceMetricStatus",
      { name: named("ResourceName"), current: metricValueStatus },
      "v2",
    ),
    containerResource: struct(
      "ContainerResourceMetricStatus",
      { name: named("ResourceName"), current: metricValueStatus, container: str },
      "v2",
    ),
    external: struct("ExternalMetricStatus", { metric: metricIdentifier, current: metricValueStatus }, "v2"),
  },
  "v2",
);

const scalingRules = struct(
  "HPAScalingRules",
  {
    stabilizationWindowSeconds: i32,
    selectPolicy: named("ScalingPolicySelect", "v2"),
    policies: list(
      struct(
        "HPAScalingPolicy",
        { type: named("HPAScalingPolicyType", "v2"), value: i32, periodSeconds: i32 },
        "v2",
      ),
    ),
  },
  "v2",
);

const condition = struct(
  "HorizontalPodAutoscalerCondition",
  {
    type: named("HorizontalPodAutoscalerConditionType", "v2"),
    status: named("ConditionStatus"),
    lastTransitionTime: time,
    reason: str,
    message: str,
  },
  "v2",
);

export const hpaV2 = struct(
  "HorizontalPodAutoscaler",
  {
    ...typeMetaFields,
    spec: struct(
      "HorizontalPodAutoscalerSpec",
      {
        scaleTargetRef: crossVersionObjectReference("v2"),
        minReplicas: i32,
        maxReplicas: i32,
        metrics: list(metricSpec),
        behavior: struct(
          "HorizontalPodAutoscalerBehavior",
          { scaleUp: scalingRules, scaleDown: scalingRules },
          "v2",
        ),
      },
      "v2",
    ),
    status: struct(
      "HorizontalPodAutoscalerStatus",
      {
        observedGeneration: i64,
        lastScaleTime: time,
        currentReplicas: i32,
        desiredReplicas: i32,
        currentMetrics: list(metricStatus),
        conditions: list(condition),
      },
      "v2",
    ),
  },
  "v2",
);

export const hpaV1 = struct("HorizontalPodAutoscaler", {
  ...typeMetaFields,
  spec: struct("HorizontalPodAutoscalerSpec", {
    scaleTargetRef: crossVersionObjectReference("v1"),
    minReplicas: i32,
    maxReplicas: i32,
    targetCPUUtilizationPercentage: i32,
  }),
  status: struct("HorizontalPodAutoscalerStatus", {
    observedGeneration: i64,
    lastScaleTime: time,
    currentReplicas: i32,
    desiredReplicas: i32,
    currentCPUUtilizationPercentage: i32,
  }),
});

/** apiregistration.k8s.io/v1 APIService: how the aggregator finds an extension API server. */
export const apiService = struct("APIService", {
  ...typeMetaFields,
  spec: struct("APIServiceSpec", {
    service: struct("ServiceReference", { namespace: str, name: str, port: i32 }),
    group: str,
    version: str,
    insecureSkipTLSVerify: bool,
    caBundle: bytes,
    groupPriorityMinimum: i32,
    versionPriority: i32,
  }),
  status: struct("APIServiceStatus", {
    conditions: list(
      struct("APIServiceCondition", {
        type: named("APIServiceConditionType"),
        status: named("ConditionStatus"),
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
  }),
});
