// ValidateService and ValidateServiceUpdate (pkg/apis/core/validation, v1.32 texts).
// Allocation errors (nodePort range, IP already allocated) belong to the allocator.
import { GoRepr, goIntOrString, goStringSlice } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { PROTOCOLS } from "./container.js";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
} from "./errors.js";
import { arr, isObj, str, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import {
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  parseIPSloppy,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIP,
  validateNonSpecialIP,
  validateQualifiedName,
} from "./names.js";

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const clusterIPsOf = (spec: Obj): string[] => arr(spec.clusterIPs).map(str);
const isHeadless = (spec: Obj) => clusterIPsOf(spec).length === 1 && clusterIPsOf(spec)[0] === "None";
const externallyAccessible = (spec: Obj) =>
  spec.type === "LoadBalancer" ||
  spec.type === "NodePort" ||
  (spec.type === "ClusterIP" && arr(spec.externalIPs).length > 0);

/** The key Go builds for the duplicate-port check: only Protocol and Port are set. */
const portKey = (proto: string, port: number) =>
  new GoRepr(
    `core.ServicePort{Name:"", Protocol:"${proto}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:${goIntOrString(0)}, NodePort:0}`,
  );

function validateServicePort(path: string, p: Obj, requireName: boolean, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(p.name);
  if (requireName && !name) errs.push(required(child(path, "name")));
  else if (name) {
    errs.push(...validateDNS1123Label(child(path, "name"), name));
    if (names.has(name)) errs.push(duplicate(child(path, "name"), name));
    else names.add(name);
  }
  const port = Number(p.port ?? 0);
  for (const m of isValidPortNum(port)) errs.push(invalid(child(path, "port"), port, m));
  const proto = str(p.protocol);
  if (!proto) errs.push(required(child(path, "protocol")));
  else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(child(path, "protocol"), proto, PROTOCOLS));
  const tp = p.targetPort;
  if (typeof tp === "string")
    for (const m of isValidPortName(tp)) errs.push(invalid(child(path, "targetPort"), tp, m));
  else
    for (const m of isValidPortNum(Number(tp ?? 0)))
      errs.push(invalid(child(path, "targetPort"), Number(tp ?? 0), m));
  if (typeof p.appProtocol === "string")
    errs.push(...validateQualifiedName(child(path, "appProtocol"), p.appProtocol));
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields. */
function validateClusterIPs(spec: Obj): FieldError[] {
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips = clusterIPsOf(spec);
  const ipsValue = new GoRepr(goStringSlice(Array.isArray(spec.clusterIPs) ? ips : undefined));
  if (str(spec.clusterIP)) {
    if (ips.length === 0) errs.push(required("spec.clusterIPs"));
    else if (ips[0] !== spec.clusterIP)
      errs.push(invalid("spec.clusterIPs", ipsValue, "first value must match `clusterIP`"));
  } else if (ips.length > 0) {
    errs.push(invalid("spec.clusterIPs", ipsValue, "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  arr(spec.ipFamilies)
    .map(str)
    .forEach((f, i) => {
      if (f !== "IPv4" && f !== "IPv6")
        errs.push(notSupported(index("spec.ipFamilies", i), f, ["IPv4", "IPv6"]));
      if (seen.has(f)) errs.push(duplicate(index("spec.ipFamilies", i), f));
      seen.add(f);
    });
  const policy = spec.ipFamilyPolicy;
  if (
    policy !== undefined &&
    policy !== null &&
    !["PreferDualStack", "RequireDualStack", "SingleStack"].includes(str(policy))
  ) {
    errs.push(
      notSupported("spec.ipFamilyPolicy", str(policy), [
        "PreferDualStack",
        "RequireDualStack",
        "SingleStack",
      ]),
    );
  }
  let bad = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        bad = true;
        errs.push(invalid("spec.clusterIPs", ipsValue, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(index("spec.clusterIPs", i), ip);
    if (e.length > 0) bad = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid("spec.clusterIPs", ipsValue, "may only hold up to 2 values"));
  if (bad) return errs;
  if (ips.length > 1) {
    const fams = ips.map(parseIPSloppy);
    if (fams[0] === fams[1])
      errs.push(invalid("spec.clusterIPs", ipsValue, "may specify no more than one IP for each IP family"));
  }
  const families = arr(spec.ipFamilies).map(str);
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      if (i > families.length - 1) return;
      const fam = parseIPSloppy(ip);
      if (families[i] === "IPv4" && fam === "v6") {
        errs.push(
          invalid(
            index("spec.clusterIPs", i),
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (families[i] === "IPv6" && fam !== "v6") {
        errs.push(
          invalid(
            index("spec.clusterIPs", i),
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
  return errs;
}

/**
 * ValidateService. healthCheckNodePort is only checked when set: it is allocated
 * before validation, by the caller's allocator.
 */
export function validateService(svc: Obj): FieldError[] {
  const spec: Obj = isObj(svc.spec) ? svc.spec : {};
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  const ports: Obj[] = arr(spec.ports).map((p) => (isObj(p) ? p : {}));
  const type = str(spec.type);
  if (ports.length === 0 && !isHeadless(spec) && type !== "ExternalName") errs.push(required("spec.ports"));
  if (type === "LoadBalancer" && isHeadless(spec)) {
    errs.push(invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for LoadBalancer services"));
  } else if (type === "NodePort" && isHeadless(spec)) {
    errs.push(invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for NodePort services"));
  } else if (type === "ExternalName") {
    if (clusterIPsOf(spec).length > 0)
      errs.push(forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (arr(spec.ipFamilies).length > 0)
      errs.push(forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      errs.push(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    }
    const cname = str(spec.externalName).replace(/\.$/, "");
    if (cname) errs.push(...validateDNS1123Subdomain("spec.externalName", cname));
    else errs.push(required("spec.externalName"));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(index("spec.ports", i), p, ports.length > 1, names));
  });
  if (spec.selector !== undefined && spec.selector !== null)
    errs.push(...validateLabels("spec.selector", spec.selector));
  const aff = str(spec.sessionAffinity);
  if (!aff) errs.push(required("spec.sessionAffinity"));
  else if (aff !== "ClientIP" && aff !== "None")
    errs.push(notSupported("spec.sessionAffinity", aff, ["ClientIP", "None"]));
  if (aff === "ClientIP") {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (!isObj(spec.sessionAffinityConfig))
      errs.push(required("spec.sessionAffinityConfig", "when session affinity type is ClientIP"));
    else if (!isObj(spec.sessionAffinityConfig.clientIP)) {
      errs.push(required("spec.sessionAffinityConfig.clientIP", "when session affinity type is ClientIP"));
    } else if (t === undefined || t === null) {
      errs.push(
        required(
          "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
          "when session affinity type is ClientIP",
        ),
      );
    } else if (t <= 0 || t > 86400) {
      errs.push(
        invalid(
          "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
          t,
          "must be greater than 0 and less than 86400",
        ),
      );
    }
  } else if (
    aff === "None" &&
    spec.sessionAffinityConfig !== undefined &&
    spec.sessionAffinityConfig !== null
  ) {
    errs.push(forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  errs.push(...validateClusterIPs(spec));
  arr(spec.externalIPs)
    .map(str)
    .forEach((ip, i) => {
      const e = validateIP(index("spec.externalIPs", i), ip);
      errs.push(...(e.length > 0 ? e : validateNonSpecialIP(index("spec.externalIPs", i), ip)));
    });
  if (!type) errs.push(required("spec.type"));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported("spec.type", type, SERVICE_TYPES));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbidden(child(index("spec.ports", i), "nodePort"), "may not be used when `type` is 'ClusterIP'"),
        );
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${str(p.protocol)}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(child(index("spec.ports", i), "nodePort"), p.nodePort));
    nodePorts.add(k);
  });
  const seenPorts = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p.protocol)}/${Number(p.port ?? 0)}`;
    if (seenPorts.has(k))
      errs.push(duplicate(index("spec.ports", i), portKey(str(p.protocol), Number(p.port ?? 0))));
    seenPorts.add(k);
  });
  if (arr(spec.loadBalancerSourceRanges).length > 0 && type !== "LoadBalancer") {
    errs.push(forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
  }
  if (
    spec.allocateLoadBalancerNodePorts !== undefined &&
    spec.allocateLoadBalancerNodePorts !== null &&
    type !== "LoadBalancer"
  ) {
    errs.push(
      forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"),
    );
  }
  if (
    type === "LoadBalancer" &&
    (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)
  ) {
    errs.push(required("allocateLoadBalancerNodePorts"));
  }
  if (type !== "LoadBalancer" && spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
  }
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp)
      errs.push(
        invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"),
      );
  } else if (!etp) errs.push(required("spec.externalTrafficPolicy"));
  else if (etp !== "Cluster" && etp !== "Local")
    errs.push(notSupported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"]));
  const hc = Number(spec.healthCheckNodePort ?? 0);
  const needsHealthCheck = type === "LoadBalancer" && etp === "Local";
  if (!needsHealthCheck && hc !== 0) {
    errs.push(
      invalid(
        "spec.healthCheckNodePort",
        hc,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    );
  } else if (needsHealthCheck && hc !== 0) {
    for (const m of isValidPortNum(hc)) errs.push(invalid("spec.healthCheckNodePort", hc, m));
  }
  const itp = spec.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && ["NodePort", "LoadBalancer", "ClusterIP"].includes(type)) {
    errs.push(required("spec.internalTrafficPolicy"));
  }
  if (itp !== undefined && itp !== null && itp !== "Cluster" && itp !== "Local") {
    errs.push(notSupported("spec.internalTrafficPolicy", str(itp), ["Cluster", "Local"]));
  }
  if (
    spec.trafficDistribution !== undefined &&
    spec.trafficDistribution !== null &&
    spec.trafficDistribution !== "PreferClose"
  ) {
    errs.push(notSupported("spec.trafficDistribution", str(spec.trafficDistribution), ["PreferClose"]));
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary clusterIP can never change. */
function validateClusterIPsUpdate(spec: Obj, old: Obj): FieldError[] {
  if (spec.type === "ExternalName" || old.type === "ExternalName") return [];
  if (isHeadless(spec) && isHeadless(old)) return [];
  const ips = clusterIPsOf(spec);
  const oldIPs = clusterIPsOf(old);
  const value = new GoRepr(goStringSlice(Array.isArray(spec.clusterIPs) ? ips : undefined));
  const errs: FieldError[] = [];
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalid(index("spec.clusterIPs", i), value, "may not change once set"));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0)
      errs.push(invalid("spec.clusterIPs[0]", value, "primary clusterIP can not be unset"));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) {
      errs.push(invalid("spec.clusterIPs[0]", value, "may not change once set"));
    }
    if (ips.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(
        invalid(
          "spec.ipFamilyPolicy",
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(invalid("spec.clusterIPs[0]", value, "may not change once set"));
  }
  return errs;
}

export function validateServiceUpdate(svc: Obj, old: Obj): FieldError[] {
  const spec: Obj = isObj(svc.spec) ? svc.spec : {};
  const oldSpec: Obj = isObj(old.spec) ? old.spec : {};
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...validateClusterIPsUpdate(spec, oldSpec));
  if (
    spec.type === "LoadBalancer" &&
    oldSpec.type === "LoadBalancer" &&
    (spec.loadBalancerClass ?? null) !== (oldSpec.loadBalancerClass ?? null)
  ) {
    errs.push(invalid("spec.loadBalancerClass", spec.loadBalancerClass ?? null, "may not change once set"));
  }
  const needsHC = (s: Obj) => s.type === "LoadBalancer" && s.externalTrafficPolicy === "Local";
  if (needsHC(spec) && needsHC(oldSpec) && spec.healthCheckNodePort !== oldSpec.healthCheckNodePort) {
    errs.push(forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  return [...errs, ...validateService(svc)];
}
