// A table as kube-proxy writes it: chains declared once, rules appended in order, and the
// result in iptables-save's order. Every mode's iptables rules (compile.ts for iptables mode,
// ipvs-rules.ts for ipvs mode, kubelet's own) are built with it.
import { markOrdered, sortChains } from "./render.js";
import { formatRule, type Match, type Rule, type Target } from "./rule.js";
import type { IptablesTable } from "./types.js";

/** Where compile writes a table's chains and rules: a TableBuilder, or a Recorder. */
export interface RuleSink {
  chain(name: string, policy?: string): this;
  add(chain: string, rule: Rule): void;
}

/**
 * The chains and rules one Service port wrote, in the order it wrote them (fragments.ts keeps
 * them per Service): replayed into a TableBuilder in kube-proxy's port order, they give the
 * same table as compiling every port in one pass.
 */
export interface Recorded {
  /** User chains declared (no policy). */
  chains: string[];
  /** [chain, spec] in the order added. */
  rules: [string, string][];
}

export class Recorder implements RuleSink {
  readonly out: Recorded = { chains: [], rules: [] };

  chain(name: string): this {
    if (!this.out.chains.includes(name)) this.out.chains.push(name);
    return this;
  }

  add(chain: string, rule: Rule): void {
    this.out.rules.push([chain, formatRule(rule)]);
  }
}

export class TableBuilder implements RuleSink {
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

  /** What a Recorder took down, added as if written here. */
  replay(r: Recorded): void {
    for (const c of r.chains) this.chain(c);
    for (const [chain, spec] of r.rules) {
      let specs = this.byChain.get(chain);
      if (!specs) {
        specs = [];
        this.byChain.set(chain, specs);
      }
      specs.push(spec);
    }
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
