// kubectl create role|clusterrole|rolebinding|clusterrolebinding (pkg/cmd/create in kubectl
// v1.32): one rule per API group from --verb/--resource (names resolved through discovery,
// subresources kept), --non-resource-url and --aggregation-rule for cluster roles, and a
// binding's subjects from --user, --group and --serviceaccount, with kubectl's refusals.
import type { Command } from "commander";
import type { PolicyRule, Subject } from "kubernetes-types/rbac/v1";
import type { KObject } from "../api/types.js";
import { lookupResource } from "../apiserver/resources.js";
import type { Ctx } from "./cli.js";
import { HELP as RBAC_HELP } from "./create-rbac.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { collect, requiredFlag } from "./util/flags.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import { runVerb } from "./util/verb-options.js";

const GROUP = "rbac.authorization.k8s.io";
const RESOURCE_VERBS = [
  "*",
  "get",
  "delete",
  "list",
  "create",
  "update",
  "patch",
  "watch",
  "proxy",
  "deletecollection",
  "use",
  "bind",
  "escalate",
  "impersonate",
];
const URL_VERBS = ["*", "get", "post", "put", "delete", "patch", "head", "options"];
/** Verbs that only make sense on these group/resources. */
const SPECIAL: Record<string, [string, string][]> = {
  use: [
    ["policy", "podsecuritypolicies"],
    ["extensions", "podsecuritypolicies"],
  ],
  bind: [
    [GROUP, "roles"],
    [GROUP, "clusterroles"],
  ],
  escalate: [
    [GROUP, "roles"],
    [GROUP, "clusterroles"],
  ],
  impersonate: [
    ["", "users"],
    ["", "serviceaccounts"],
    ["", "groups"],
    ["authentication.k8s.io", "userextras"],
    ["authentication.k8s.io", "uids"],
  ],
};

/** pflag's StringSlice: comma-separated values, repeatable. */
const slice = (v: string, prev: string[] = []) => [...prev, ...v.split(",")];

interface RoleFlags extends BuildOpts {
  verb?: string[];
  resource?: string[];
  resourceName?: string[];
  nonResourceUrl?: string[];
  aggregationRule?: string;
}

interface ResourceOption {
  group: string;
  resource: string;
  sub: string;
}

const uniq = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);

class CreateRoleOptions extends GeneratorOptions<RoleFlags> {
  private verbs: string[] = [];
  private resources: ResourceOption[] = [];
  private names: string[] = [];
  private aggregation: Record<string, string> | undefined;

  constructor(
    ctx: Ctx,
    flags: RoleFlags,
    private readonly kind: "Role" | "ClusterRole",
  ) {
    super(ctx, flags, kind === "Role" ? "create role" : "create clusterrole");
  }

  protected override completeKind(): void {
    const verbs = this.flags.verb ?? [];
    this.verbs = verbs.includes("*") ? ["*"] : uniq(verbs);
    for (const r of this.flags.resource ?? []) {
      const slash = r.indexOf("/");
      const base = slash < 0 ? r : r.slice(0, slash);
      const dot = base.indexOf(".");
      const opt = {
        resource: dot < 0 ? base : base.slice(0, dot),
        group: dot < 0 ? "" : base.slice(dot + 1),
        sub: slash < 0 ? "" : r.slice(slash + 1),
      };
      if (opt.resource === "*" && dot < 0 && slash < 0) {
        this.resources = [opt];
        break;
      }
      this.resources.push(opt);
    }
    this.names = uniq(this.flags.resourceName ?? []);
    if (this.flags.aggregationRule !== undefined) this.aggregation = labelMap(this.flags.aggregationRule);
  }

  override validate(): void {
    const urls = this.flags.nonResourceUrl ?? [];
    if (this.aggregation && Object.keys(this.aggregation).length > 0) {
      if (urls.length || this.verbs.length || this.resources.length || this.names.length)
        throw new CliError(
          "error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames",
        );
      return;
    }
    if (this.verbs.length === 0) throw new CliError("error: at least one verb must be specified");
    if (this.kind === "Role" && this.resources.length === 0)
      throw new CliError("error: at least one resource must be specified");
    if (this.resources.length === 0 && urls.length === 0)
      throw new CliError("error: one of resource or nonResourceURL must be specified");
    if (this.resources.length > 0) {
      for (const v of this.verbs)
        if (!RESOURCE_VERBS.includes(v)) this.ctx.io.err(`Warning: '${v}' is not a standard resource verb\n`);
      this.validateResources();
    }
    for (const v of urls.length ? this.verbs : [])
      if (!URL_VERBS.includes(v)) throw new CliError(`error: invalid verb: '${v}' for nonResourceURL`);
    for (const u of urls) {
      if (u === "*") continue;
      if (!u.startsWith("/")) throw new CliError("error: nonResourceURL should start with /");
      if (u.slice(0, -1).includes("*"))
        throw new CliError("error: nonResourceURL only supports wildcard matches when '*' is at the end");
    }
  }

  /** The type discovery resolves, or the typed words when it resolves none. */
  private resolve(o: ResourceOption): { group: string; resource: string; known: boolean } {
    const r = lookupResource(o.group ? `${o.resource}.${o.group}` : o.resource);
    return r
      ? { group: r.group, resource: r.plural, known: true }
      : { group: o.group, resource: o.resource, known: false };
  }

  private validateResources(): void {
    for (const o of this.resources) {
      if (!o.resource)
        throw new CliError("error: resource must be specified if apiGroup/subresource specified");
      if (o.resource === "*") return;
      const r = this.resolve(o);
      for (const v of this.verbs) {
        const allowed = SPECIAL[v];
        if (allowed && !allowed.some(([g, res]) => g === r.group && res === r.resource))
          throw new CliError(`error: can not perform '${v}' on '${r.resource}' in group '${r.group}'`);
        if (allowed) return;
      }
      // The RESTMapper's error, which kubectl prints bare.
      if (!r.known) throw new CliError(`the server doesn't have a resource type "${o.resource}"`);
    }
  }

  /** generateResourcePolicyRules: a rule per group (in sorted order), then one for the URLs. */
  private rules(): PolicyRule[] {
    const byGroup = new Map<string, string[]>();
    for (const o of this.resources) {
      const r = this.resolve(o);
      const res = o.sub ? `${r.resource}/${o.sub}` : r.resource;
      const list = byGroup.get(r.group) ?? [];
      if (!list.includes(res)) list.push(res);
      byGroup.set(r.group, list);
    }
    // PolicyRule's Go field order, which -o json keeps.
    const rules: PolicyRule[] = [...byGroup.keys()].sort().map((g) => ({
      verbs: this.verbs,
      apiGroups: [g],
      resources: byGroup.get(g) ?? [],
      ...(this.names.length ? { resourceNames: this.names } : {}),
    }));
    const urls = this.flags.nonResourceUrl ?? [];
    if (urls.length) rules.push({ verbs: this.verbs, nonResourceURLs: urls });
    return rules;
  }

  protected build(): KObject {
    const o: Record<string, unknown> = {
      kind: this.kind,
      apiVersion: `${GROUP}/v1`,
      metadata: meta(this.name, this.flags.namespace),
    };
    if (this.aggregation && Object.keys(this.aggregation).length > 0) {
      // The generator leaves Rules nil, which Go marshals as null.
      o.rules = null;
      o.aggregationRule = { clusterRoleSelectors: [{ matchLabels: this.aggregation }] };
    } else o.rules = this.rules();
    return o as unknown as KObject;
  }
}

/** ObjectMeta in Go's field order; an explicit -n is written into the object (EnforceNamespace). */
const meta = (name: string, namespace: string | undefined) => ({
  name,
  ...(namespace ? { namespace } : {}),
  creationTimestamp: null,
});

/** The map flag's `k=v,k2=v2`. */
function labelMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (s === "") return out;
  for (const pair of s.split(",")) {
    const eq = pair.indexOf("=");
    if (eq < 0)
      throw new CliError(
        `Error: invalid argument "${s}" for "--aggregation-rule" flag: malformed pair, expect string=string\nSee 'kubectl create clusterrole --help' for usage.`,
      );
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

interface BindingFlags extends BuildOpts {
  role?: string;
  clusterrole?: string;
  user?: string[];
  group?: string[];
  serviceaccount?: string[];
}

class CreateBindingOptions extends GeneratorOptions<BindingFlags> {
  constructor(
    ctx: Ctx,
    flags: BindingFlags,
    private readonly kind: "RoleBinding" | "ClusterRoleBinding",
  ) {
    super(ctx, flags, kind === "RoleBinding" ? "create rolebinding" : "create clusterrolebinding");
  }

  override complete(names: string[]): void {
    // cobra checks a required flag before the command runs at all.
    if (this.kind === "ClusterRoleBinding" && this.flags.clusterrole === undefined)
      throw requiredFlag(this.ctx, "clusterrole");
    super.complete(names);
  }

  override validate(): void {
    const f = this.flags;
    if (this.kind === "RoleBinding" && !f.clusterrole === !f.role)
      throw new CliError("error: exactly one of clusterrole or role must be specified");
  }

  protected build(): KObject {
    const f = this.flags;
    const subjects: Subject[] = [
      ...(f.user ?? []).map((name) => ({ kind: "User", apiGroup: GROUP, name })),
      ...(f.group ?? []).map((name) => ({ kind: "Group", apiGroup: GROUP, name })),
    ];
    for (const sa of f.serviceaccount ?? []) {
      const t = sa.split(":");
      if (t.length !== 2 || !t[0] || !t[1])
        throw new CliError("error: serviceaccount must be <namespace>:<name>");
      subjects.push({ kind: "ServiceAccount", name: t[1], namespace: t[0] });
    }
    const o: Record<string, unknown> = {
      kind: this.kind,
      apiVersion: `${GROUP}/v1`,
      metadata: meta(this.name, this.flags.namespace),
    };
    if (subjects.length) o.subjects = subjects;
    o.roleRef = { apiGroup: GROUP, kind: f.role ? "Role" : "ClusterRole", name: f.role || f.clusterrole };
    return o as unknown as KObject;
  }
}

export function registerCreateRbac(create: Command, ctx: Ctx): void {
  for (const kind of ["Role", "ClusterRole"] as const) {
    const cmd = generator(
      create,
      kind.toLowerCase(),
      undefined,
      kind === "Role" ? "Create a role with single rule" : "Create a cluster role",
    )
      .option("--verb <verbs>", "Verb that applies to the resources contained in the rule", slice)
      .option("--resource <resources>", "Resource that the rule applies to", slice)
      .option("--resource-name <name>", "Resource in the white list that the rule applies to", collect);
    if (kind === "ClusterRole")
      cmd
        .option("--non-resource-url <urls>", "A partial url that user should have access to.", slice)
        .option("--aggregation-rule <selector>", "An aggregation label selector for combining ClusterRoles.");
    attachHelp(cmd, RBAC_HELP).action((names: string[], flags: RoleFlags) =>
      runVerb(new CreateRoleOptions(ctx, flags, kind), names),
    );
  }
  for (const kind of ["RoleBinding", "ClusterRoleBinding"] as const) {
    const to = kind === "RoleBinding" ? "role" : "clusterrole";
    const cmd = generator(
      create,
      kind.toLowerCase(),
      undefined,
      kind === "RoleBinding"
        ? "Create a role binding for a particular role or cluster role"
        : "Create a cluster role binding for a particular cluster role",
    )
      .option("--clusterrole <name>", `ClusterRole this ${kind} should reference`)
      .option("--user <name>", `Usernames to bind to the ${to}.`, collect)
      .option("--group <name>", `Groups to bind to the ${to}.`, collect)
      .option("--serviceaccount <ns:name>", `Service accounts to bind to the ${to}.`, collect);
    if (kind === "RoleBinding") cmd.option("--role <name>", "Role this RoleBinding should reference");
    attachHelp(cmd, RBAC_HELP).action((names: string[], flags: BindingFlags) =>
      runVerb(new CreateBindingOptions(ctx, flags, kind), names),
    );
  }
}
