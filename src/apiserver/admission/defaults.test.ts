import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { applyDefaults } from "./defaults.js";
import { defaultPullPolicy } from "./imageref.js";
import { computeQOS, prepareForCreate, prepareForUpdate } from "./strategy.js";
import { admit, exampleObject, seed } from "./testutil.js";

/** Compares two objects field by field, reporting the first differing path. */
function diffPaths(a: unknown, b: unknown, path = ""): string[] {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return a === b ? [] : [`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`];
  }
  if (Array.isArray(a) !== Array.isArray(b)) return [`${path}: array vs object`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    diffPaths(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      path ? `${path}.${k}` : k,
    ),
  );
}

const ctx = (suffix: string) => ({ randomSuffix: () => suffix });
const SERVER_FIELDS = [
  "uid",
  "resourceVersion",
  "creationTimestamp",
  "generation",
  "annotations",
  "namespace",
];

function comparable(o: KObject, drop: string[] = []): KObject {
  const c = structuredClone(o);
  for (const f of SERVER_FIELDS) delete (c.metadata as Record<string, unknown>)[f];
  delete c.status;
  for (const f of drop) delete c.spec[f];
  return c;
}

describe("applyDefaults on the seed manifests matches the real objects", () => {
  it("pods.yml becomes testpod (minus scheduling, status and server fields)", () => {
    const got = applyDefaults(seed("pods.yml"), ctx("r7x2k"));
    const want = exampleObject("Pod", "testpod");
    expect(diffPaths(comparable(got), comparable(want, ["nodeName"]))).toEqual([]);
  });

  it("deployhttpd.yml becomes mydeployments, template without the pod-only defaults", () => {
    const got = applyDefaults(seed("deployhttpd.yml"), ctx("xxxxx"));
    const want = exampleObject("Deployment", "mydeployments");
    expect(diffPaths(comparable(got), comparable(want))).toEqual([]);
    const tpl = got.spec.template.spec;
    expect(tpl.enableServiceLinks).toBeUndefined();
    expect(tpl.volumes).toBeUndefined();
    expect(tpl.tolerations).toBeUndefined();
    expect(tpl.containers[0].volumeMounts).toBeUndefined();
  });

  it("service.yml becomes demoservice (minus the allocated clusterIP)", () => {
    const got = applyDefaults(seed("service.yml"), ctx("xxxxx"));
    const want = exampleObject("Service", "demoservice");
    expect(diffPaths(comparable(got), comparable(want, ["clusterIP", "clusterIPs"]))).toEqual([]);
    expect(got.spec.clusterIP).toBeUndefined();
  });

  it("does not modify its argument", () => {
    const input = seed("pods.yml");
    const before = JSON.stringify(input);
    applyDefaults(input, ctx("abcde"));
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe("pod defaults and admission", () => {
  const pod = (spec: object) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec }) as KObject;

  it("imagePullPolicy follows the tag", () => {
    expect(defaultPullPolicy("nginx")).toBe("Always");
    expect(defaultPullPolicy("nginx:latest")).toBe("Always");
    expect(defaultPullPolicy("nginx:1.27")).toBe("IfNotPresent");
    expect(defaultPullPolicy("registry.k8s.io/pause:3.9")).toBe("IfNotPresent");
    expect(defaultPullPolicy("localhost:5000/app")).toBe("Always");
    expect(defaultPullPolicy(`nginx@sha256:${"a".repeat(64)}`)).toBe("IfNotPresent");
    // A reference that does not parse has no tag at all.
    expect(defaultPullPolicy("NGINX")).toBe("IfNotPresent");
  });

  it("mounts the API token in init and regular containers, keeping an existing mount", () => {
    const got = applyDefaults(
      pod({
        initContainers: [{ name: "init", image: "busybox" }],
        containers: [
          { name: "a", image: "nginx" },
          {
            name: "b",
            image: "nginx",
            volumeMounts: [{ name: "x", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }],
          },
        ],
        volumes: [{ name: "x" }],
      }),
      ctx("q2w4e"),
    );
    expect(got.spec.volumes.map((v: { name: string }) => v.name)).toEqual(["x", "kube-api-access-q2w4e"]);
    expect(got.spec.volumes[0]).toEqual({ name: "x", emptyDir: {} });
    expect(got.spec.initContainers[0].volumeMounts).toHaveLength(1);
    expect(got.spec.containers[1].volumeMounts).toHaveLength(1);
    expect(got.spec.serviceAccountName).toBe("default");
    expect(got.spec.serviceAccount).toBe("default");
  });

  it("skips the token when automount is off, and keeps user tolerations for the same taints", () => {
    const got = applyDefaults(
      pod({
        automountServiceAccountToken: false,
        containers: [{ name: "a", image: "nginx" }],
        tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" }],
      }),
      ctx("abcde"),
    );
    expect(got.spec.volumes).toBeUndefined();
    expect(got.spec.tolerations.map((t: { key: string }) => t.key)).toEqual([
      "node.kubernetes.io/not-ready",
      "node.kubernetes.io/unreachable",
    ]);
  });

  it("defaults ports, probes, requests from limits and quantities", () => {
    const got = applyDefaults(
      pod({
        containers: [
          {
            name: "a",
            image: "nginx:1.27",
            ports: [{ containerPort: 80, name: "http" }],
            resources: { limits: { cpu: 0.5, memory: "1024Mi" } },
            livenessProbe: { httpGet: { port: 80 } },
            env: [{ name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }],
          },
        ],
        volumes: [
          { name: "c", configMap: { name: "cm" } },
          { name: "h", hostPath: { path: "/data" } },
        ],
      }),
      ctx("abcde"),
    );
    const c = got.spec.containers[0];
    expect(c.ports[0].protocol).toBe("TCP");
    expect(c.resources).toEqual({
      limits: { cpu: "500m", memory: "1Gi" },
      requests: { cpu: "500m", memory: "1Gi" },
    });
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 80, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.env[0].valueFrom.fieldRef.apiVersion).toBe("v1");
    expect(got.spec.volumes[0].configMap.defaultMode).toBe(420);
    expect(got.spec.volumes[1].hostPath.type).toBe("");
    expect(got.spec.priority).toBe(0);
    expect(got.spec.preemptionPolicy).toBe("PreemptLowerPriority");
  });

  it("on update the token volume and priority are not added again", () => {
    const got = applyDefaults(pod({ containers: [{ name: "a", image: "nginx" }] }), {
      randomSuffix: () => "abcde",
      operation: "update",
    });
    expect(got.spec.volumes).toBeUndefined();
    expect(got.spec.priority).toBeUndefined();
    expect(got.spec.tolerations).toHaveLength(2);
    expect(got.spec.enableServiceLinks).toBe(true);
    const old = admit(pod({ containers: [{ name: "a", image: "nginx" }] }));
    expect(prepareForUpdate(got, old).spec.priority).toBe(0);
  });

  it("prepareForCreate starts the pod Pending with its QoS class", () => {
    const got = admit(
      pod({
        containers: [{ name: "a", image: "nginx", resources: { limits: { cpu: "1", memory: "1Gi" } } }],
      }),
    );
    expect(got.status).toEqual({ phase: "Pending", qosClass: "Guaranteed" });
    expect(computeQOS({ containers: [{ resources: { requests: { cpu: "100m" } } }] })).toBe("Burstable");
    expect(computeQOS({ containers: [{}] })).toBe("BestEffort");
  });
});

describe("other kinds", () => {
  const svc = (spec: object) =>
    ({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec }) as KObject;

  it("NodePort and LoadBalancer services get the external policies, but no nodePort", () => {
    const lb = applyDefaults(
      svc({ type: "LoadBalancer", ports: [{ port: 80, targetPort: "http" }], selector: { a: "b" } }),
      ctx("x"),
    );
    expect(lb.spec).toMatchObject({
      externalTrafficPolicy: "Cluster",
      internalTrafficPolicy: "Cluster",
      allocateLoadBalancerNodePorts: true,
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      sessionAffinity: "None",
    });
    expect(lb.spec.ports[0]).toEqual({ port: 80, targetPort: "http", protocol: "TCP" });
    const np = applyDefaults(svc({ type: "NodePort", ports: [{ port: 80 }] }), ctx("x"));
    expect(np.spec.ports[0].nodePort).toBeUndefined();
    expect(np.spec.allocateLoadBalancerNodePorts).toBeUndefined();
  });

  it("headless services without a selector require dual-stack, with a selector they do not", () => {
    const bare = applyDefaults(svc({ clusterIP: "None", ports: [{ port: 80 }] }), ctx("x"));
    expect(bare.spec).toMatchObject({
      clusterIPs: ["None"],
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4", "IPv6"],
    });
    const sel = applyDefaults(
      svc({ clusterIP: "None", ports: [{ port: 80 }], selector: { a: "b" } }),
      ctx("x"),
    );
    expect(sel.spec).toMatchObject({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4"] });
    const ext = applyDefaults(svc({ type: "ExternalName", externalName: "example.com" }), ctx("x"));
    expect(ext.spec.ipFamilies).toBeUndefined();
    expect(ext.spec.internalTrafficPolicy).toBeUndefined();
  });

  it("ClientIP affinity gets its 3h timeout; None drops the config", () => {
    expect(
      applyDefaults(svc({ sessionAffinity: "ClientIP", ports: [{ port: 80 }] }), ctx("x")).spec
        .sessionAffinityConfig,
    ).toEqual({
      clientIP: { timeoutSeconds: 10800 },
    });
    expect(
      applyDefaults(
        svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80 }] }),
        ctx("x"),
      ).spec.sessionAffinityConfig,
    ).toBeUndefined();
  });

  it("namespaces get the kubernetes finalizer, the name label and an Active phase", () => {
    const ns = admit({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    expect(ns).toEqual(exampleLike("dev"));
    function exampleLike(name: string) {
      const d = exampleObject("Namespace", "default");
      return {
        ...d,
        metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
      };
    }
  });

  it("daemonsets and replicasets", () => {
    const tpl = { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
    const ds = admit({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "d" },
      spec: { template: tpl },
    });
    expect(ds.spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.metadata.annotations).toEqual({ "deprecated.daemonset.template.generation": "1" });
    expect(ds.metadata.generation).toBe(1);
    const rs = admit({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "r" },
      spec: { template: tpl },
    });
    expect(rs.spec.replicas).toBe(1);
    expect(rs.spec.template.spec.dnsPolicy).toBe("ClusterFirst");
    expect(rs.status).toEqual({});
  });

  it("endpoint ports default to TCP; slice port names to empty", () => {
    const ep = applyDefaults(
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "e" },
        subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }],
      },
      ctx("x"),
    );
    expect(ep.subsets[0].ports[0].protocol).toBe("TCP");
    const slice = applyDefaults(
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "e" },
        addressType: "IPv4",
        ports: [{ port: 80 }],
      },
      ctx("x"),
    );
    expect(slice.ports[0]).toEqual({ port: 80, name: "", protocol: "TCP" });
  });
});

describe("prepareForUpdate", () => {
  it("keeps the allocated clusterIP and nodePorts and the old status", () => {
    const old = exampleObject("Service", "demoservice-nodeport");
    const next = applyDefaults(seed("service-nodeport.yml"), ctx("x"));
    next.metadata.name = "demoservice-nodeport";
    prepareForUpdate(next, old);
    expect(next.spec.clusterIP).toBe("10.96.200.7");
    expect(next.spec.clusterIPs).toEqual(["10.96.200.7"]);
    expect(next.status).toEqual(old.status);
  });

  it("bumps a workload's generation only when its spec changes", () => {
    const old = exampleObject("Deployment", "mydeployments");
    const same = prepareForCreate(applyDefaults(seed("deployhttpd.yml"), ctx("x")));
    expect(prepareForUpdate(same, old).metadata.generation).toBe(1);
    const scaled = applyDefaults(seed("deployhttpd.yml"), ctx("x"));
    scaled.spec.replicas = 3;
    expect(prepareForUpdate(scaled, old).metadata.generation).toBe(2);
  });
});

describe("embedded object metadata", () => {
  it("carries v1.32's null creationTimestamp in every template, and keeps one that is set", () => {
    const cron = applyDefaults(
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "c" },
        spec: {
          schedule: "* * * * *",
          jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }] } } } },
        },
      } as unknown as KObject,
      ctx("x"),
    );
    expect(cron.spec.jobTemplate.metadata).toEqual({ creationTimestamp: null });
    expect(cron.spec.jobTemplate.spec.template.metadata).toEqual({ creationTimestamp: null });
    const sts = applyDefaults(
      {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "s" },
        spec: {
          selector: { matchLabels: { app: "s" } },
          template: {
            metadata: { labels: { app: "s" }, creationTimestamp: "2026-01-01T00:00:00Z" },
            spec: { containers: [{ name: "c", image: "nginx" }] },
          },
          volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }],
        },
      } as unknown as KObject,
      ctx("x"),
    );
    expect(sts.spec.template.metadata.creationTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(sts.spec.volumeClaimTemplates[0].metadata).toEqual({ name: "data", creationTimestamp: null });
  });
});

describe("zero values the typed encoding drops", () => {
  it("drops false omitempty bools (readOnly, stdin, hostNetwork) and keeps false pointer bools", () => {
    const pod = applyDefaults(
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: {
          hostNetwork: false,
          enableServiceLinks: false,
          containers: [
            {
              name: "c",
              image: "nginx",
              stdin: false,
              tty: true,
              securityContext: { privileged: false },
              volumeMounts: [
                { name: "v", mountPath: "/a", readOnly: false },
                { name: "v", mountPath: "/b", readOnly: true },
              ],
            },
          ],
          volumes: [{ name: "v", persistentVolumeClaim: { claimName: "data", readOnly: false } }],
        },
      } as unknown as KObject,
      ctx("x"),
    );
    expect(pod.spec.hostNetwork).toBeUndefined();
    expect(pod.spec.enableServiceLinks).toBe(false);
    const c = pod.spec.containers[0];
    expect(c.stdin).toBeUndefined();
    expect(c.tty).toBe(true);
    expect(c.securityContext.privileged).toBe(false);
    expect(c.volumeMounts.slice(0, 2)).toEqual([
      { name: "v", mountPath: "/a" },
      { name: "v", mountPath: "/b", readOnly: true },
    ]);
    expect(pod.spec.volumes[0].persistentVolumeClaim).toEqual({ claimName: "data" });
  });

  it('drops "" from omitempty strings (env value, subPath, workingDir) and keeps required ones', () => {
    const pod = applyDefaults(
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: {
          containers: [
            {
              name: "c",
              image: "busybox",
              workingDir: "",
              env: [{ name: "EMPTY", value: "" }],
              volumeMounts: [{ name: "v", mountPath: "/x", subPath: "" }],
            },
          ],
        },
      } as unknown as KObject,
      ctx("x"),
    );
    const c = pod.spec.containers[0];
    expect(c.workingDir).toBeUndefined();
    expect(c.env).toEqual([{ name: "EMPTY" }]);
    expect(c.volumeMounts[0]).toEqual({ name: "v", mountPath: "/x" });
  });
});
