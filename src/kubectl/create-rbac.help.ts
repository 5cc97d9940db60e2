// kubectl create role|clusterrole|rolebinding|clusterrolebinding's help: kubectl v1.32's words.
import { type CommandHelp, DRY_RUN, type FlagText, OUTPUT, SAVE_CONFIG, VALIDATE } from "./help/flags.js";

const COMMON: Record<string, FlagText> = {
  "dry-run": DRY_RUN,
  output: OUTPUT,
  "save-config": SAVE_CONFIG,
  validate: VALIDATE,
};

const RULE_FLAGS: Record<string, FlagText> = {
  resource: ["[]", "Resource that the rule applies to"],
  "resource-name": [
    "[]",
    "Resource in the white list that the rule applies to, repeat this flag for multiple items",
  ],
  verb: ["[]", "Verb that applies to the resources contained in the rule"],
};

const subjects = (to: string): Record<string, FlagText> => ({
  group: ["[]", `Groups to bind to the ${to}. The flag can be repeated to add multiple groups.`],
  serviceaccount: [
    "[]",
    `Service accounts to bind to the ${to}, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.`,
  ],
  user: ["[]", `Usernames to bind to the ${to}. The flag can be repeated to add multiple users.`],
});

export const HELP: Record<string, CommandHelp> = {
  "create role": {
    long: "Create a role with single rule.",
    examples: `# Create a role named "pod-reader" that allows user to perform "get", "watch" and "list" on pods
kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods

# Create a role named "pod-reader" with ResourceName specified
kubectl create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod

# Create a role named "foo" with API Group specified
kubectl create role foo --verb=get,list,watch --resource=rs.apps

# Create a role named "foo" with SubResource specified
kubectl create role foo --verb=get,list,watch --resource=pods,pods/status`,
    usage:
      "create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
    flags: { ...COMMON, ...RULE_FLAGS },
  },
  "create clusterrole": {
    long: "Create a cluster role.",
    examples: `# Create a cluster role named "pod-reader" that allows user to perform "get", "watch" and "list" on pods
kubectl create clusterrole pod-reader --verb=get,list,watch --resource=pods

# Create a cluster role named "pod-reader" with ResourceName specified
kubectl create clusterrole pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod

# Create a cluster role named "foo" with API Group specified
kubectl create clusterrole foo --verb=get,list,watch --resource=rs.apps

# Create a cluster role named "foo" with SubResource specified
kubectl create clusterrole foo --verb=get,list,watch --resource=pods,pods/status

# Create a cluster role name "foo" with NonResourceURL specified
kubectl create clusterrole "foo" --verb=get --non-resource-url=/logs/*

# Create a cluster role name "monitoring" with AggregationRule specified
kubectl create clusterrole monitoring --aggregation-rule="rbac.example.com/aggregate-to-monitoring=true"`,
    usage:
      "create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
    flags: {
      ...COMMON,
      ...RULE_FLAGS,
      "aggregation-rule": ["", "An aggregation label selector for combining ClusterRoles."],
      "non-resource-url": ["[]", "A partial url that user should have access to."],
    },
  },
  "create rolebinding": {
    long: "Create a role binding for a particular role or cluster role.",
    examples: `# Create a role binding for user1, user2, and group1 using the admin cluster role
kubectl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1

# Create a role binding for service account monitoring:sa-dev using the admin role
kubectl create rolebinding admin-binding --role=admin --serviceaccount=monitoring:sa-dev`,
    usage:
      "create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
    flags: {
      ...COMMON,
      ...subjects("role"),
      clusterrole: ["''", "ClusterRole this RoleBinding should reference"],
      role: ["''", "Role this RoleBinding should reference"],
    },
  },
  "create clusterrolebinding": {
    long: "Create a cluster role binding for a particular cluster role.",
    examples: `# Create a cluster role binding for user1, user2, and group1 using the cluster-admin cluster role
kubectl create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1`,
    usage:
      "create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
    flags: {
      ...COMMON,
      ...subjects("clusterrole"),
      clusterrole: ["''", "ClusterRole this ClusterRoleBinding should reference"],
    },
  },
};
