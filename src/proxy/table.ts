// A table as kube-proxy writes it: chains declared once, rules appended in order, and the
// result in iptables-save's order. Every mode's iptables rules (compile.ts for iptables mode,
// ipvs-rules.ts for ipvs mode, kubelet's own) are built with it.
import { saveOrder } from "./render.js";
import { formatRule, type Match, type Rule, type Target } from "./rule.js";
import type { IptablesTable } from "./types.js";

export class TableBuilder {
  private readonly chains = new Map<string, string | undefined>();
  private readonly rules: { chain: string; spec: string }[] = [];

  chain(name: string, policy?: string): this {
    if (!this.chains.has(name)) this.chains.set(name, policy);
    return this;
  }

  add(chain: string, rule: Rule): void {
    this.rules.push({ chain, spec: formatRule(rule) });
  }

  build(): IptablesTable {
    const chains = [...this.chains].map(([name, policy]) => (policy ? { name, policy } : { name }));
    return saveOrder({ chains, rules: this.rules });
  }
}

export const comment = (text: string): Match => ({ m: "comment", text });
export const jump = (chain: string): Target => ({ j: "jump", chain });
