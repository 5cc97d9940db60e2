// A table as kube-proxy writes it: chains declared once, rules appended in order, and the
// result in iptables-save's order. Every mode's iptables rules (compile.ts for iptables mode,
// ipvs-rules.ts for ipvs mode, kubelet's own) are built with it.
import { markOrdered, sortChains, withSaveText } from "./render.js";
import { formatRule, type Match, type Rule, type Target } from "./rule.js";
import type { IptablesTable } from "./types.js";

/** Where compile writes a table's chains and rules: a TableBuilder, or a Recorder. */
export interface RuleSink {
  chain(name: string, policy?: string): this;
  add(chain: string, rule: Rule): void;
}

/**
 * The chains and rules one Service port wrote (fragments.ts keeps them per Service), as the
 * lines `iptables-save` prints: replayed into a TableBuilder in kube-proxy's port order, they
 * give the same table as compiling every port in one pass.
 */
export interface Recorded {
  /** User chains declared (no policy). */
  chains: string[];
  /** Per chain, in the order first written: its rules as save lines ("-A CHAIN spec\n" each). */
  lines: [string, string][];
}

/** A rule's save line: `-A CHAIN spec`, or `-A CHAIN` for a rule with no options. */
function saveLine(chain: string, spec: string): string {
  return spec ? `-A ${chain} ${spec}\n` : `-A ${chain}\n`;
}

export class Recorder implements RuleSink {
  readonly out: Recorded = { chains: [], lines: [] };
  private readonly at = new Map<string, number>();

  chain(name: string): this {
    if (!this.out.chains.includes(name)) this.out.chains.push(name);
    return this;
  }

  add(chain: string, rule: Rule): void {
    const line = saveLine(chain, formatRule(rule));
    const i = this.at.get(chain);
    if (i === undefined) {
      this.at.set(chain, this.out.lines.length);
      this.out.lines.push([chain, line]);
    } else this.out.lines[i][1] += line;
  }
}

/** Save lines of one chain, added whole (a kept record's), beside single rule specs. */
class Lines {
  constructor(readonly text: string) {}
}

export class TableBuilder implements RuleSink {
  private readonly chains = new Map<string, string | undefined>();
  /**
   * Each chain's rule texts in insertion order, grouped as they come: iptables-save prints
   * rules chain by chain, so build() concatenates instead of regrouping 100,000 rules.
   */
  private readonly byChain = new Map<string, (string | Lines)[]>();

  chain(name: string, policy?: string): this {
    if (!this.chains.has(name)) this.chains.set(name, policy);
    return this;
  }

  private piecesOf(chain: string): (string | Lines)[] {
    let pieces = this.byChain.get(chain);
    if (!pieces) {
      pieces = [];
      this.byChain.set(chain, pieces);
    }
    return pieces;
  }

  add(chain: string, rule: Rule): void {
    this.piecesOf(chain).push(formatRule(rule));
  }

  /** What a Recorder took down, added as if written here. */
  replay(r: Recorded): void {
    for (const c of r.chains) this.chain(c);
    for (const [chain, text] of r.lines) this.piecesOf(chain).push(new Lines(text));
  }

  private sortedChains(): IptablesTable["chains"] {
    return sortChains([...this.chains].map(([name, policy]) => (policy ? { name, policy } : { name })));
  }

  /** Chains with rules in save order: the declared ones in `chains`' order, then any never declared. */
  private ruleChains(chains: IptablesTable["chains"]): string[] {
    const out = chains.map((c) => c.name).filter((c) => this.byChain.has(c));
    // Rules of a chain never declared go last (iptables-restore would refuse them).
    for (const chain of this.byChain.keys()) if (!this.chains.has(chain)) out.push(chain);
    return out;
  }

  private rulesIn(chains: IptablesTable["chains"]): IptablesTable["rules"] {
    const rules: IptablesTable["rules"] = [];
    for (const chain of this.ruleChains(chains)) {
      const prefix = chain.length + 4;
      for (const p of this.byChain.get(chain) ?? []) {
        if (typeof p === "string") rules.push({ chain, spec: p });
        else
          for (const line of p.text.slice(0, -1).split("\n")) rules.push({ chain, spec: line.slice(prefix) });
      }
    }
    return rules;
  }

  build(): IptablesTable {
    const chains = this.sortedChains();
    return markOrdered({ chains, rules: this.rulesIn(chains) });
  }

  /**
   * The table as build() gives it, with its rule list made only when asked for: renderTable
   * prints the save text straight from the pieces (80,000 rules at 10,000 Services).
   */
  saved(): IptablesTable {
    const chains = this.sortedChains();
    const rulesOf = () => this.rulesIn(chains);
    let rules: IptablesTable["rules"] | undefined;
    const table: IptablesTable = {
      chains,
      get rules() {
        rules ??= markOrdered({ chains, rules: rulesOf() }).rules;
        return rules;
      },
    };
    return withSaveText(table, () => {
      // Joined once: a string appended to 100,000 times is a rope V8 must flatten to write out.
      const out: string[] = [];
      // Packet counters are not modelled: every chain shows [0:0].
      for (const c of chains) out.push(`:${c.name} ${c.policy ?? "-"} [0:0]\n`);
      for (const chain of this.ruleChains(chains))
        for (const p of this.byChain.get(chain) ?? [])
          out.push(typeof p === "string" ? saveLine(chain, p) : p.text);
      return out.join("");
    });
  }
}

export const comment = (text: string): Match => ({ m: "comment", text });
export const jump = (chain: string): Target => ({ j: "jump", chain });
