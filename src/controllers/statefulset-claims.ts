// The StatefulSet's claims (stateful_pod_control createPersistentVolumeClaims): one
// PersistentVolumeClaim per volumeClaimTemplate and pod, named <template>-<pod>, labelled
// with the template's labels and the set's selector labels. With the v1.32 default
// retention (Retain/Retain) a claim has no owner, so it outlives its pod and the set.
import type { Draft, KObject, StatefulSet } from "../api/types.js";
import { applyDefaults, prepareForCreate } from "../apiserver/admission/index.js";
import { BY_KIND } from "../apiserver/resources.js";
import { admitStorage } from "../apiserver/storage-admission.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";

export function createClaims(c: ControllerContext, sts: StatefulSet, pod: string): void {
  const templates = sts.spec.volumeClaimTemplates ?? [];
  // Until the cluster serves claims there is nothing to create them in.
  const r = BY_KIND.get("PersistentVolumeClaim");
  if (!r || templates.length === 0) return;
  const ns = sts.metadata.namespace;
  for (const t of templates) {
    const name = `${t.metadata?.name}-${pod}`;
    if (c.api.get(r, ns, name)) continue;
    const claim: Draft<KObject> = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        name,
        namespace: ns,
        labels: { ...t.metadata?.labels, ...sts.spec.selector?.matchLabels },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: structuredClone(t.spec ?? {}),
    };
    const created = prepareForCreate(applyDefaults(claim as KObject, { randomSuffix: () => c.rng.name(5) }));
    // The claim goes through the apiserver's admission as the controller's create would:
    // the default class and the pvc-protection finalizer.
    admitStorage(c.api, created, rfc3339(c.clock.now()));
    c.api.insert(created as Draft<KObject>);
    c.recorder.recordEvent(
      sts,
      "Normal",
      "SuccessfulCreate",
      `create Claim ${name} Pod ${pod} in StatefulSet ${sts.metadata.name} success`,
      { component: "statefulset-controller" },
    );
  }
}
