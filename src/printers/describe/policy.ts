// kubectl describe limitrange / resourcequota (describeLimitRange, describeQuota in
// kubectl v1.32). Go ranges over the resource maps in random order for a LimitRange;
// kubesim lists each item's resources in byte order.
import type { KObject } from "../../api/types.js";
import { byteCompare } from "./helpers.js";
import { LEVEL_0, type PrefixWriter, tabbedString } from "./writer.js";

type List = Record<string, string> | undefined;

export const SCOPE_HELP: Record<string, string> = {
  Terminating:
    "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating:
    "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort:
    "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort:
    "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

/** The rows of a LimitRange's table, at `level` (describe namespace indents them). */
export function writeLimitRangeItems(w: PrefixWriter, level: number, lr: KObject, indent = ""): void {
  for (const item of lr.spec?.limits ?? []) {
    const lists: List[] = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = new Set<string>();
    for (const l of lists) for (const k of Object.keys(l ?? {})) names.add(k);
    for (const k of [...names].sort(byteCompare)) {
      const cells = lists.map((l) => l?.[k] ?? "-");
      w.write(level, `${indent}${item.type ?? ""}\t${k}\t${cells.join("\t")}\n`);
    }
  }
}

export const LIMIT_HEADER =
  "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n";
export const LIMIT_RULE =
  "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n";

export function describeLimitRange(lr: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, LIMIT_HEADER);
    w.write(LEVEL_0, LIMIT_RULE);
    writeLimitRangeItems(w, LEVEL_0, lr);
  });
}

/** A quota's resources in byte order with their used and hard amounts. */
export function quotaRows(rq: KObject): Array<[string, string, string]> {
  const hard: Record<string, string> = rq.status?.hard ?? {};
  const used: Record<string, string> = rq.status?.used ?? {};
  return Object.keys(hard)
    .sort(byteCompare)
    .map((r) => [r, used[r] ?? "0", hard[r]]);
}

export function describeResourceQuota(rq: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rq.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${rq.metadata.namespace ?? ""}\n`);
    const scopes: string[] = [...(rq.spec?.scopes ?? [])].sort(byteCompare);
    if (scopes.length) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(", ")}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, "Resource\tUsed\tHard\n");
    w.write(LEVEL_0, "--------\t----\t----\n");
    for (const [r, used, hard] of quotaRows(rq)) w.write(LEVEL_0, `${r}\t${used}\t${hard}\n`);
  });
}
