// kubectl describe role / clusterrole / rolebinding / clusterrolebinding (RoleDescriber and
// friends in kubectl v1.32), and the rule table `auth can-i --list` shares with them: each
// rule broken down to one resource or URL, simple rules merged, sorted by the generated
// String() of the PolicyRule (so by verbs first).
import type { PolicyRule } from "kubernetes-types/rbac/v1";
import type { KObject } from "../../api/types.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.js";

/** rbacv1helpers.BreakdownRule: one rule per (group, resource) and per URL. */
function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of rule.apiGroups ?? [])
    for (const r of rule.resources ?? [])
      out.push({ apiGroups: [g], resources: [r], resourceNames: rule.resourceNames, verbs: rule.verbs });
  for (const u of rule.nonResourceURLs ?? []) out.push({ nonResourceURLs: [u], verbs: rule.verbs });
  return out;
}

/** CompactRules: rules for one group, resource and at most one name merge their verbs. */
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const names = r.resourceNames ?? [];
    const isSimple =
      names.length <= 1 &&
      (r.nonResourceURLs ?? []).length === 0 &&
      (r.apiGroups ?? []).length === 1 &&
      (r.resources ?? []).length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, names.length > 0, names[0] ?? ""]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...r, verbs: [...r.verbs] });
    else for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
  }
  return [...compacted, ...simple.values()];
}

const goSlice = (xs: readonly string[] | undefined) => `[${(xs ?? []).join(" ")}]`;

/** The generated PolicyRule.String(), which SortableRuleSlice compares. */
function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;
}

/** The rules as describe and `auth can-i --list` print them. */
export function printableRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compact = compactRules(rules.flatMap(breakdownRule));
  const keyed = compact.map((r) => [ruleString(r), r] as const);
  // sort.Stable over byte order of the strings.
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, r]) => r);
}

/** CombineResourceGroup: resource.group/subresource. */
export function combineResourceGroup(
  resources: readonly string[] | undefined,
  groups: readonly string[] | undefined,
): string {
  if (!resources || resources.length === 0) return "";
  const [res, sub] = splitOnce(resources[0]);
  let out = res;
  if (groups && groups.length > 0 && groups[0] !== "") out = `${out}.${groups[0]}`;
  return sub === undefined ? out : `${out}/${sub}`;
}

function splitOnce(s: string): [string, string | undefined] {
  const i = s.indexOf("/");
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** One row of the rule table: Resources, Non-Resource URLs, Resource Names, Verbs. */
export function ruleCells(r: PolicyRule): string {
  return `${combineResourceGroup(r.resources, r.apiGroups)}\t${goSlice(r.nonResourceURLs)}\t${goSlice(r.resourceNames)}\t${goSlice(r.verbs)}`;
}

export function describeRole(role: KObject): string {
  const rules = printableRules((role.rules ?? []) as PolicyRule[]);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", role.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", role.metadata.annotations);
    w.write(LEVEL_0, "PolicyRule:\n");
    w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
    w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n");
    for (const r of rules) w.write(LEVEL_1, `${ruleCells(r)}\n`);
  });
}

export function describeBinding(b: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${b.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", b.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", b.metadata.annotations);
    w.write(LEVEL_0, "Role:\n");
    w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ""}\n`);
    w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ""}\n`);
    w.write(LEVEL_0, "Subjects:\n");
    w.write(LEVEL_1, "Kind\tName\tNamespace\n");
    w.write(LEVEL_1, "----\t----\t---------\n");
    for (const s of b.subjects ?? [])
      w.write(LEVEL_1, `${s.kind ?? ""}\t${s.name ?? ""}\t${s.namespace ?? ""}\n`);
  });
}
