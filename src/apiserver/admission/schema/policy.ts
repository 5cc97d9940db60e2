// The core/v1 policy kinds a namespace's administrator writes: LimitRange (per-container
// and per-pod bounds and defaults) and ResourceQuota (totals for the namespace).
import { list, named, resourceList, strList, struct } from "./dsl.js";
import { typeMetaFields } from "./meta.js";

export const limitRange = struct("LimitRange", {
  ...typeMetaFields,
  spec: struct("LimitRangeSpec", {
    limits: list(
      struct("LimitRangeItem", {
        type: named("LimitType"),
        max: resourceList,
        min: resourceList,
        default: resourceList,
        defaultRequest: resourceList,
        maxLimitRequestRatio: resourceList,
      }),
    ),
  }),
});

export const resourceQuota = struct("ResourceQuota", {
  ...typeMetaFields,
  spec: struct("ResourceQuotaSpec", {
    hard: resourceList,
    scopes: list(named("ResourceQuotaScope")),
    scopeSelector: struct("ScopeSelector", {
      matchExpressions: list(
        struct("ScopedResourceSelectorRequirement", {
          scopeName: named("ResourceQuotaScope"),
          operator: named("ScopeSelectorOperator"),
          values: strList,
        }),
      ),
    }),
  }),
  status: struct("ResourceQuotaStatus", { hard: resourceList, used: resourceList }),
});
