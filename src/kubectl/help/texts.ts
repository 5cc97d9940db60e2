// The root help's groups of commands. The words are kubectl v1.32's where the command is
// kubectl's; each command's own help text lives beside its verb (src/kubectl/<verb>.help.ts),
// which hands it to attachHelp as it registers the command.
export type { CommandHelp, FlagText } from "./flags.js";

/** kubectl's root help groups, in its order; the root help shows those kubesim has. */
export const ROOT_GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ["Basic Commands (Beginner):", ["create", "expose", "run", "set"]],
  ["Basic Commands (Intermediate):", ["explain", "get", "edit", "delete"]],
  ["Deploy Commands:", ["rollout", "scale", "autoscale"]],
  [
    "Cluster Management Commands:",
    ["certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint"],
  ],
  [
    "Troubleshooting and Debugging Commands:",
    ["describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events"],
  ],
  ["Advanced Commands:", ["diff", "apply", "patch", "replace", "wait", "kustomize"]],
  ["Settings Commands:", ["label", "annotate", "completion"]],
  ["Other Commands:", ["api-resources", "api-versions", "config", "plugin", "version"]],
];

// kubesim's own verbs. `diagnose` (what a Service selects and where its traffic goes) was
// once called `explain`, which is kubectl's name for the API's field documentation.
export const KUBESIM_GROUP: readonly [string, readonly string[]] = [
  "kubesim Commands (the simulated cluster and its network):",
  ["curl", "shell", "iptables-save", "trace", "diagnose", "diagram", "check", "cluster", "shellenv"],
];
