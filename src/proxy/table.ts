// A table as kube-proxy writes it: chains declared once, rules appended in order, and the
// result in iptables-save's order. Every mode's iptables rules (compile.ts for iptables mode,
// ipvs-rules.ts for ipvs mode, kubelet's own) are built with it.
import { markOrdered, sortChains } from "./render.js";
import { formatRule, type Match, type Rule, type Target } from "./rule.js";
import type { IptablesTable } from "./types.js";

export class TableBuilder {
  private readonly chains = new Map<string, string | undefined>();
  /**
   * Each chain's rule texts in insertion order, grouped as they come: iptables-save prints
   * rules chain by chain, so build() concatenates instead of regrouping 100,000 rules.
   */
  private readonly byChain = new Map<string, string[]>();

  chain(name: string, policy?: string): this {
    if (!this.chains.has(name)) this.chains.set(name, policy);
    return this;
  }

  add(chain: string, rule: Rule): void {
    let specs = this.byChain.get(chain);
    if (!specs) {
      specs = [];
      this.byChain.set(chain, specs);
    }
    specs.push(formatRule(rule));
  }

  build(): IptablesTable {
    const chains = sortChains(
      [...this.chains].map(([name, policy]) => (policy ? { name, policy } : { name })),
    );
    const rules: IptablesTable["rules"] = [];
    const push = (chain: string) => {
      for (const spec of this.byChain.get(chain) ?? []) rules.push({ chain, spec });
    };
    for (const c of chains) push(c.name);
    // Rules of a chain never declared go last (iptables-restore would refuse them).
    for (const chain of this.byChain.keys()) if (!this.chains.has(chain)) push(chain);
    return markOrdered({ chains, rules });
  }
}

export const comment = (text: string): Match => ({ m: "comment", text });
export const jump = (chain: string): Target => ({ j: "jump", chain });
