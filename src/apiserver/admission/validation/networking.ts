// NetworkPolicy validation (pkg/apis/networking/validation, v1.32): the messages and paths
// the apiserver reports, including its quirks (an endPort below port reports the port's
// value; an invalid except CIDR stops checking the rest of that ipBlock).

import { quote } from "../../../golang/strconv.js";
import { ipToInt } from "../../../util/ipv4.js";
import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { child, type FieldError, forbidden, index, invalid, notSupported, required } from "./errors.js";
import { arr, isObj, str, validateLabelSelector, validateObjectMeta } from "./meta.js";
import { isValidPortName, isValidPortNum, nameIsDNSSubdomain, parseIPSloppy } from "./names.js";

const NETPOL_PROTOCOLS = ["TCP", "UDP", "SCTP"];
const POLICY_TYPES = ["Ingress", "Egress"];

export interface ParsedCIDR {
  family: "v4" | "v6";
  /** The network address as a number (IPv4 only; 0 for IPv6). */
  network: number;
  bits: number;
}

/** netutils.ParseCIDRSloppy: "addr/bits" with a sloppy IPv4 address; undefined when Go errors. */
export function parseCIDRSloppy(v: string): ParsedCIDR | undefined {
  const slash = v.indexOf("/");
  if (slash < 0) return undefined;
  const addr = v.slice(0, slash);
  const mask = v.slice(slash + 1);
  const family = parseIPSloppy(addr);
  if (!family || !/^\d+$/.test(mask)) return undefined;
  const bits = Number(mask);
  if (bits > (family === "v4" ? 32 : 128)) return undefined;
  if (family === "v6") return { family, network: 0, bits };
  const ip = ipToInt(addr);
  const size = 2 ** (32 - bits);
  return { family, network: Math.floor(ip / size) * size, bits };
}

/** IPNet.Contains(except.IP) && except is narrower: except lies strictly inside cidr. */
function strictSubset(cidr: ParsedCIDR, except: ParsedCIDR): boolean {
  if (cidr.family !== except.family) return false;
  // kubesim does no IPv6 arithmetic: an IPv6 except with a longer prefix is taken as inside.
  if (cidr.family === "v6") return cidr.bits < except.bits;
  const size = 2 ** (32 - cidr.bits);
  return Math.floor(except.network / size) * size === cidr.network && cidr.bits < except.bits;
}

function validatePort(path: string, raw: unknown): FieldError[] {
  const p = isObj(raw) ? raw : {};
  const errs: FieldError[] = [];
  const proto = p.protocol;
  if (proto !== undefined && proto !== null && !NETPOL_PROTOCOLS.includes(str(proto))) {
    errs.push(notSupported(child(path, "protocol"), str(proto), NETPOL_PROTOCOLS));
  }
  const hasEnd = p.endPort !== undefined && p.endPort !== null;
  const endPort = Number(p.endPort);
  if (typeof p.port === "number") {
    for (const m of isValidPortNum(p.port)) errs.push(invalid(child(path, "port"), p.port, m));
    if (hasEnd) {
      // Go reports port's value here, not endPort's (fixed only in v1.36).
      if (endPort < p.port)
        errs.push(invalid(child(path, "endPort"), p.port, "must be greater than or equal to `port`"));
      for (const m of isValidPortNum(endPort)) errs.push(invalid(child(path, "endPort"), endPort, m));
    }
  } else if (typeof p.port === "string") {
    if (hasEnd)
      errs.push(invalid(child(path, "endPort"), endPort, "may not be specified when `port` is non-numeric"));
    for (const m of isValidPortName(p.port)) errs.push(invalid(child(path, "port"), p.port, m));
  } else if (hasEnd) {
    errs.push(invalid(child(path, "endPort"), endPort, "may not be specified when `port` is not specified"));
  }
  return errs;
}

function validateIPBlock(path: string, raw: unknown): FieldError[] {
  const ipb = isObj(raw) ? raw : {};
  const cidrText = str(ipb.cidr);
  if (cidrText === "") return [required(child(path, "cidr"), "")];
  const cidr = parseCIDRSloppy(cidrText);
  if (!cidr) return [invalid(child(path, "cidr"), cidrText, "not a valid CIDR")];
  const errs: FieldError[] = [];
  const excepts = arr(ipb.except).map(str);
  for (let i = 0; i < excepts.length; i++) {
    const ep = index(child(path, "except"), i);
    const except = parseCIDRSloppy(excepts[i]);
    // v1.32 returns here: later excepts are not looked at.
    if (!except) return [...errs, invalid(ep, excepts[i], "not a valid CIDR")];
    if (!strictSubset(cidr, except)) errs.push(invalid(ep, excepts[i], "must be a strict subset of `cidr`"));
  }
  return errs;
}

function validatePeer(path: string, raw: unknown): FieldError[] {
  const peer = isObj(raw) ? raw : {};
  const errs: FieldError[] = [];
  let n = 0;
  const present = (v: unknown) => v !== undefined && v !== null;
  if (present(peer.podSelector)) {
    n++;
    errs.push(...validateLabelSelector(child(path, "podSelector"), peer.podSelector));
  }
  if (present(peer.namespaceSelector)) {
    n++;
    errs.push(...validateLabelSelector(child(path, "namespaceSelector"), peer.namespaceSelector));
  }
  if (present(peer.ipBlock)) {
    n++;
    errs.push(...validateIPBlock(child(path, "ipBlock"), peer.ipBlock));
  }
  if (n === 0) errs.push(required(path, "must specify a peer"));
  else if (n > 1 && present(peer.ipBlock))
    errs.push(forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

function validateRules(spec: Obj, which: "ingress" | "egress"): FieldError[] {
  const errs: FieldError[] = [];
  const peers = which === "ingress" ? "from" : "to";
  arr(spec[which]).forEach((raw, i) => {
    const rule = isObj(raw) ? raw : {};
    const rp = index(child("spec", which), i);
    arr(rule.ports).forEach((p, j) => {
      errs.push(...validatePort(index(child(rp, "ports"), j), p));
    });
    arr(rule[peers]).forEach((p, j) => {
      errs.push(...validatePeer(index(child(rp, peers), j), p));
    });
  });
  return errs;
}

/** ValidateNetworkPolicy (create; updates add the metadata update rules). */
export function validateNetworkPolicy(np: Obj): FieldError[] {
  const errs = validateObjectMeta(np.metadata, true, nameIsDNSSubdomain);
  const spec: Obj = isObj(np.spec) ? np.spec : {};
  errs.push(...validateLabelSelector("spec.podSelector", spec.podSelector));
  errs.push(...validateRules(spec, "ingress"), ...validateRules(spec, "egress"));
  const types = arr(spec.policyTypes).map(str);
  if (types.length > POLICY_TYPES.length) {
    // The bad value is the internal []networking.PolicyType, printed with %#v.
    const value = new GoRepr(`[]networking.PolicyType{${types.map((s) => quote(s)).join(", ")}}`);
    errs.push(invalid("spec.policyTypes", value, "may not specify more than two policyTypes"));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t)) errs.push(notSupported(index("spec.policyTypes", i), t, POLICY_TYPES));
  });
  return errs;
}
