// The get columns of Ingress and IngressClass (printIngress, formatHosts, formatPorts,
// ingressLoadBalancerStatusStringer and printIngressClass in pkg/printers/internalversion).

import type { Ingress } from "../../api/types.js";
import { INGRESSCLASSES, INGRESSES } from "../../apiserver/resources.js";
import { ageCol, type TableDef, table } from "./def.js";

/** The first three hosts, then how many rules are left ("*" when no rule names a host). */
function formatHosts(rules: { host?: string }[]): string {
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return "*";
  return more ? `${list.join(",")} + ${rules.length - 3} more...` : list.join(",");
}

/** IPs, else hostnames, as a sorted set; cut to 16 characters unless -o wide. */
function address(ing: Ingress, wide: boolean): string {
  const set = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  const r = [...set].sort().join(",");
  return !wide && r.length > 16 ? `${r.slice(0, 13)}...` : r;
}

export const INGRESS_TABLES: Record<string, TableDef> = {
  Ingress: table(INGRESSES, {
    columns: [
      { name: "NAME" },
      { name: "CLASS" },
      { name: "HOSTS" },
      { name: "ADDRESS" },
      { name: "PORTS" },
      { name: "AGE" },
    ],
    row: (ing, ctx) => [
      ing.metadata.name,
      ing.spec?.ingressClassName ?? "<none>",
      formatHosts(ing.spec?.rules ?? []),
      address(ing, ctx.wide),
      ing.spec?.tls?.length ? "80, 443" : "80",
      ageCol(ing, ctx),
    ],
  }),
  IngressClass: table(INGRESSCLASSES, {
    columns: [{ name: "NAME" }, { name: "CONTROLLER" }, { name: "PARAMETERS" }, { name: "AGE" }],
    row: (ic, ctx) => {
      const p = ic.spec?.parameters;
      const params = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ""}/${p.name}` : "<none>";
      return [ic.metadata.name, ic.spec?.controller ?? "", params, ageCol(ic, ctx)];
    },
  }),
};
