import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const sts = (spec: object): KObject =>
  ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: { containers: [{ name: "c", image: "nginx" }] },
      },
      ...spec,
    },
  }) as KObject;
const messages = (o: KObject) => validate(admit(o)).map(formatFieldError);

describe("StatefulSet admission", () => {
  it("defaults as SetDefaults_StatefulSet does in v1.32", () => {
    const s = admit(
      sts({
        volumeClaimTemplates: [
          { metadata: { name: "www" }, spec: { resources: { requests: { storage: "1Gi" } } } },
        ],
      }),
    );
    expect(s.spec).toMatchObject({
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      replicas: 1,
      revisionHistoryLimit: 10,
    });
    expect(s.spec.volumeClaimTemplates[0]).toMatchObject({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      spec: { volumeMode: "Filesystem" },
      status: { phase: "Pending" },
    });
    // OnDelete gets no rollingUpdate.
    expect(admit(sts({ updateStrategy: { type: "OnDelete" } })).spec.updateStrategy).toEqual({
      type: "OnDelete",
    });
  });

  it("refuses bad policies, strategies and selectors with the apiserver's words", () => {
    expect(
      messages(
        sts({
          podManagementPolicy: "Sequential",
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: -1 } },
          selector: { matchLabels: { app: "web" } },
        }),
      ),
    ).toEqual([
      `spec.podManagementPolicy: Invalid value: "Sequential": must be 'OrderedReady' or 'Parallel'`,
      "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ]);
    expect(messages(sts({ selector: {} }))).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
    ]);
  });

  it("lets an update change only the mutable fields", () => {
    const old = admit(sts({}));
    old.metadata.uid = "u";
    const next = structuredClone(old);
    next.spec.replicas = 3;
    expect(validate(next, old)).toEqual([]);
    next.spec.serviceName = "other";
    expect(validate(next, old).map(formatFieldError)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});
