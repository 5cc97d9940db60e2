// Namespace, Node, Endpoints, EndpointSlice and Event validation.

import { quote } from "../../../golang/strconv.js";
import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { PROTOCOLS } from "./container.js";
import {
  child,
  duplicate,
  type FieldError,
  index,
  invalid,
  notSupported,
  required,
  sortedList,
} from "./errors.js";
import { arr, isObj, str, validateFinalizerName, validateLabelName, validateObjectMeta } from "./meta.js";
import {
  isDNS1123Subdomain,
  isValidLabelValue,
  isValidPortNum,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  parseIPSloppy,
  validateCIDR,
  validateDNS1123Label,
  validateIP,
  validateNonSpecialIP,
  validateQualifiedName,
} from "./names.js";

export function validateNamespace(ns: Obj): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  // Go reports namespace finalizer problems without the list index.
  for (const f of arr(ns.spec?.finalizers)) errs.push(...validateFinalizerName("spec.finalizers", str(f)));
  return errs;
}

const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateNode(node: Obj): FieldError[] {
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain);
  const seen = new Map<string, Set<string>>();
  arr(node.spec?.taints).forEach((raw, i) => {
    const t = isObj(raw) ? raw : {};
    // The taints path hangs off metadata in Go (fldPath is the metadata path there).
    const ip = index("metadata.taints", i);
    errs.push(...validateLabelName(child(ip, "key"), str(t.key)));
    const vmsgs = isValidLabelValue(str(t.value));
    if (vmsgs.length > 0) errs.push(invalid(child(ip, "value"), str(t.value), vmsgs.join(";")));
    const effect = str(t.effect);
    if (!effect) errs.push(required(child(ip, "effect")));
    else if (!TAINT_EFFECTS.includes(effect))
      errs.push(notSupported(child(ip, "effect"), effect, TAINT_EFFECTS));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(str(t.key))) {
      const time = t.timeAdded ? "(*v1.Time)(0xc000000000)" : "(*v1.Time)(nil)";
      const value = `core.Taint{Key:${quote(str(t.key))}, Value:${quote(str(t.value))}, Effect:${quote(effect)}, TimeAdded:${time}}`;
      errs.push(duplicate(ip, new GoRepr(value), "taints must be unique by key and effect pair"));
    }
    keys.add(str(t.key));
    seen.set(effect, keys);
  });
  const cidrs = arr(node.spec?.podCIDRs).map(str);
  cidrs.forEach((c, i) => {
    errs.push(...validateCIDR(index("spec.podCIDRs", i), c));
  });
  return errs;
}

export function validateEndpoints(ep: Obj): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  arr(ep.subsets).forEach((raw, i) => {
    const ss = isObj(raw) ? raw : {};
    const ip = index("subsets", i);
    if (arr(ss.addresses).length === 0 && arr(ss.notReadyAddresses).length === 0) {
      errs.push(required(ip, "must specify `addresses` or `notReadyAddresses`"));
    }
    for (const which of ["addresses", "notReadyAddresses"]) {
      arr(ss[which]).forEach((a, j) => {
        const addr = isObj(a) ? a : {};
        const ap = index(child(ip, which), j);
        errs.push(...validateIP(child(ap, "ip"), str(addr.ip)));
        if (str(addr.hostname)) errs.push(...validateDNS1123Label(child(ap, "hostname"), str(addr.hostname)));
        if (typeof addr.nodeName === "string") {
          for (const m of isDNS1123Subdomain(addr.nodeName))
            errs.push(invalid(child(ap, "nodeName"), addr.nodeName, m));
        }
        errs.push(...validateNonSpecialIP(child(ap, "ip"), str(addr.ip)));
      });
    }
    const ports = arr(ss.ports);
    ports.forEach((raw2, j) => {
      const p = isObj(raw2) ? raw2 : {};
      const pp = index(child(ip, "ports"), j);
      if (ports.length > 1 && !str(p.name)) errs.push(required(child(pp, "name")));
      else if (str(p.name)) errs.push(...validateDNS1123Label(child(pp, "name"), str(p.name)));
      for (const m of isValidPortNum(Number(p.port ?? 0)))
        errs.push(invalid(child(pp, "port"), Number(p.port ?? 0), m));
      const proto = str(p.protocol);
      if (!proto) errs.push(required(child(pp, "protocol")));
      else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(child(pp, "protocol"), proto, PROTOCOLS));
      if (typeof p.appProtocol === "string")
        errs.push(...validateQualifiedName(child(pp, "appProtocol"), p.appProtocol));
    });
  });
  return errs;
}

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];

export function validateEndpointSlice(slice: Obj): FieldError[] {
  const errs = validateObjectMeta(slice.metadata, true, nameIsDNSSubdomain);
  const at = str(slice.addressType);
  if (!at) errs.push(required("addressType"));
  else if (!ADDRESS_TYPES.includes(at)) errs.push(notSupported("addressType", at, ADDRESS_TYPES));
  arr(slice.endpoints).forEach((raw, i) => {
    const e = isObj(raw) ? raw : {};
    const ip = index("endpoints", i);
    const addrs = arr(e.addresses).map(str);
    if (addrs.length === 0) errs.push(required(child(ip, "addresses"), "must contain at least 1 address"));
    addrs.forEach((a, j) => {
      const ap = index(child(ip, "addresses"), j);
      if (at === "IPv4" || at === "IPv6") {
        const fam = parseIPSloppy(a);
        if (fam !== (at === "IPv4" ? "v4" : "v6")) errs.push(invalid(ap, a, `must be a valid ${at} address`));
        else errs.push(...validateNonSpecialIP(ap, a));
      }
    });
    if (typeof e.nodeName === "string") {
      for (const m of isDNS1123Subdomain(e.nodeName))
        errs.push(invalid(child(ip, "nodeName"), e.nodeName, m));
    }
    if (typeof e.hostname === "string") errs.push(...validateDNS1123Label(child(ip, "hostname"), e.hostname));
  });
  const names = new Set<string>();
  arr(slice.ports).forEach((raw, i) => {
    const p = isObj(raw) ? raw : {};
    const ip = index("ports", i);
    const name = str(p.name);
    if (name) errs.push(...validateDNS1123Label(child(ip, "name"), name));
    if (names.has(name)) errs.push(duplicate(child(ip, "name"), name));
    else names.add(name);
    if (p.protocol === undefined || p.protocol === null) errs.push(required(child(ip, "protocol")));
    else if (!PROTOCOLS.includes(str(p.protocol)))
      errs.push(notSupported(child(ip, "protocol"), str(p.protocol), sortedList(PROTOCOLS)));
    if (typeof p.appProtocol === "string")
      errs.push(...validateQualifiedName(child(ip, "appProtocol"), p.appProtocol));
  });
  return errs;
}

/**
 * legacyValidateEvent for core/v1 Events: Go checks no ObjectMeta here, only that the
 * namespaces agree and, for "new" events (eventTime set), the reporting fields.
 */
export function validateEvent(ev: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(ev.metadata?.namespace);
  const involvedNs = str(ev.involvedObject?.namespace);
  if (!ev.eventTime) {
    const mismatch = involvedNs ? ns !== involvedNs : ns !== "" && ns !== "default";
    if (mismatch)
      errs.push(invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  } else {
    if (!involvedNs && ns !== "default" && ns !== "kube-system") {
      errs.push(invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    }
    const rc = str(ev.reportingComponent);
    if (!rc) errs.push(required("reportingComponent"));
    errs.push(...validateQualifiedName("reportingComponent", rc));
    const ri = str(ev.reportingInstance);
    if (!ri) errs.push(required("reportingInstance"));
    if (ri.length > 128) errs.push(invalid("reportingInstance", "", "can have at most 128 characters"));
    const action = str(ev.action);
    if (!action) errs.push(required("action"));
    if (action.length > 128) errs.push(invalid("action", "", "can have at most 128 characters"));
    const reason = str(ev.reason);
    if (!reason) errs.push(required("reason"));
    if (reason.length > 128) errs.push(invalid("reason", "", "can have at most 128 characters"));
    if (str(ev.message).length > 1024) errs.push(invalid("message", "", "can have at most 1024 characters"));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid("namespace", ns, m));
  return errs;
}

/** ValidateLease (coordination/validation): durations positive, transitions not negative. */
export function validateLease(l: Obj): FieldError[] {
  const errs = validateObjectMeta(l.metadata, true, nameIsDNSSubdomain);
  const spec: Obj = isObj(l.spec) ? l.spec : {};
  if (typeof spec.leaseDurationSeconds === "number" && spec.leaseDurationSeconds <= 0)
    errs.push(invalid("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"));
  if (typeof spec.leaseTransitions === "number" && spec.leaseTransitions < 0)
    errs.push(invalid("spec.leaseTransitions", spec.leaseTransitions, "must be greater than or equal to 0"));
  return errs;
}
