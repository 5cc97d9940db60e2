// apimachinery/pkg/util/validation as of v1.32: the format checks and their messages.

import { isIPv6 } from "node:net";
import { isIPv4 } from "../../../util/ipv4.js";
import { type FieldError, invalid } from "./errors.js";

export const maxLenError = (n: number) => `must be no more than ${n} characters`;
export const emptyError = () => "must be non-empty";
export const inclusiveRangeError = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`;

export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) s += " or ";
    s += `'${ex}', `;
  });
  return `${s}regex used for validation is '${re}')`;
}

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const QNAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const anchored = (fmt: string) => new RegExp(`^${fmt}$`);

const dns1123Label = anchored(DNS1123_LABEL_FMT);
const dns1123Subdomain = anchored(DNS1123_SUBDOMAIN_FMT);
const dns1035Label = anchored(DNS1035_LABEL_FMT);
const qualifiedName = anchored(QNAME_FMT);
const labelValue = anchored(LABEL_VALUE_FMT);

// Go measures these lengths in bytes.
const byteLen = (s: string) => Buffer.byteLength(s, "utf8");

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 63) errs.push(maxLenError(63));
  if (!dns1123Label.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        "my-name",
        "123-abc",
      ),
    );
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 253) errs.push(maxLenError(253));
  if (!dns1123Subdomain.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com",
      ),
    );
  }
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 63) errs.push(maxLenError(63));
  if (!dns1035Label.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        "my-name",
        "abc-123",
      ),
    );
  }
  return errs;
}

/** IsQualifiedName: label keys, annotation keys, finalizers, topology keys. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLen(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedName.test(name))
    errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")}`);
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 63) errs.push(maxLenError(63));
  if (!labelValue.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  }
  return errs;
}

/** IANA_SVC_NAME: container and service port names used as targets. */
export function isValidPortName(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(v))
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(v)) errs.push("must contain at least one letter (a-z)");
  if (v.includes("--")) errs.push("must not contain consecutive hyphens");
  if (v.length > 0 && (v.startsWith("-") || v.endsWith("-")))
    errs.push("must not begin or end with a hyphen");
  return errs;
}

export function isValidPortNum(n: number): string[] {
  return n >= 1 && n <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPercent(v: string): string[] {
  return /^[0-9]+%$/.test(v)
    ? []
    : [
        regexError(
          "a valid percent string must be a numeric string followed by an ending '%'",
          "[0-9]+%",
          "1%",
          "93%",
        ),
      ];
}

export function isHTTPHeaderName(v: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(v)
    ? []
    : [
        regexError(
          "a valid HTTP header must consist of alphanumeric characters or '-'",
          "[-A-Za-z0-9]+",
          "X-Header-Name",
        ),
      ];
}

/** RelaxedEnvironmentVariableValidation is beta and on in v1.32. */
export function isRelaxedEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (v.length === 0) errs.push(`environment variable name ${emptyError()}`);
  for (const ch of v) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7e || cp < 0x20 || ch === "=") {
      errs.push(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      );
      break;
    }
  }
  return errs;
}

function chDirPrefix(v: string): string[] {
  if (v === ".") return ["must not be '.'"];
  if (v === "..") return ["must not be '..'"];
  if (v.startsWith("..")) return ["must not start with '..'"];
  return [];
}

export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        "[-._a-zA-Z0-9]+",
        "key.name",
        "KEY_NAME",
        "key-name",
      ),
    );
  }
  return [...errs, ...chDirPrefix(v)];
}

/** netutils.ParseIPSloppy: IPv4 octets may carry leading zeros. */
export function parseIPSloppy(v: string): "v4" | "v6" | undefined {
  if (isIPv4(v)) return "v4";
  if (v.includes(":") && isIPv6(v)) return "v6";
  return undefined;
}

export function validateIP(field: string, v: string): FieldError[] {
  return parseIPSloppy(v)
    ? []
    : [invalid(field, v, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
}

export function validateCIDR(field: string, v: string): FieldError[] {
  const m = /^(.+)\/(\d{1,3})$/.exec(v);
  const fam = m ? parseIPSloppy(m[1]) : undefined;
  const ok = m !== null && fam !== undefined && Number(m[2]) <= (fam === "v4" ? 32 : 128);
  return ok ? [] : [invalid(field, v, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

/** ValidateNonSpecialIP: endpoints and external IPs may not be loopback, link-local, unspecified. */
export function validateNonSpecialIP(field: string, ip: string): FieldError[] {
  const fam = parseIPSloppy(ip);
  if (!fam) return [invalid(field, ip, "must be a valid IP address")];
  const errs: FieldError[] = [];
  const octets = fam === "v4" ? ip.split(".").map(Number) : [];
  const v6 = ip.toLowerCase();
  if ((fam === "v4" && octets.every((o) => o === 0)) || (fam === "v6" && /^(0*:)+0*$/.test(v6))) {
    errs.push(invalid(field, ip, `may not be unspecified (${ip})`));
  }
  if ((fam === "v4" && octets[0] === 127) || v6 === "::1") {
    errs.push(invalid(field, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  }
  if ((fam === "v4" && octets[0] === 169 && octets[1] === 254) || v6.startsWith("fe80:")) {
    errs.push(invalid(field, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  }
  if ((fam === "v4" && octets[0] === 224 && octets[1] === 0 && octets[2] === 0) || v6.startsWith("ff02:")) {
    errs.push(invalid(field, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
  return errs;
}

/** NameIsDNSSubdomain & co.: `prefix` (generateName) lets a trailing dash through. */
export type NameFn = (name: string, prefix: boolean) => string[];
const maskTrailingDash = (n: string) => (n.length > 1 && n.endsWith("-") ? `${n.slice(0, -2)}a` : n);
export const nameIsDNSSubdomain: NameFn = (n, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(n) : n);
export const nameIsDNSLabel: NameFn = (n, prefix) => isDNS1123Label(prefix ? maskTrailingDash(n) : n);
export const nameIsDNS1035Label: NameFn = (n, prefix) => isDNS1035Label(prefix ? maskTrailingDash(n) : n);

export function validateDNS1123Label(field: string, v: string): FieldError[] {
  return isDNS1123Label(v).map((m) => invalid(field, v, m));
}

export function validateDNS1123Subdomain(field: string, v: string): FieldError[] {
  return isDNS1123Subdomain(v).map((m) => invalid(field, v, m));
}

export function validateQualifiedName(field: string, v: string): FieldError[] {
  return isQualifiedName(v).map((m) => invalid(field, v, m));
}
