// kubectl auth's help and its subcommands': kubectl v1.32's words (reconcile left out: kubesim
// lacks it), with the examples kubesim answers (help.test.ts runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  auth: {
    long: "Inspect authorization.",
    usage: "auth [flags] [options]",
  },
  "auth can-i": {
    long: `Check whether an action is allowed.

 VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a Kubernetes resource. Shortcuts and groups will be resolved. NONRESOURCEURL is a partial URL that starts with "/". NAME is the name of a particular Kubernetes resource. This command pairs nicely with impersonation. See --as global flag.`,
    examples: `# Check to see if I can create pods in any namespace
kubectl auth can-i create pods --all-namespaces

# Check to see if I can list deployments in my current namespace
kubectl auth can-i list deployments.apps

# Check to see if service account "foo" of namespace "dev" can list pods in the namespace "prod"
# You must be allowed to use impersonation for the global option "--as"
kubectl auth can-i list pods --as=system:serviceaccount:dev:foo -n prod

# Check to see if I can do everything in my current namespace ("*" means all)
kubectl auth can-i '*' '*'

# Check to see if I can get the job named "bar" in namespace "foo"
kubectl auth can-i list jobs.batch/bar -n foo

# Check to see if I can read pod logs
kubectl auth can-i get pods --subresource=log

# Check to see if I can access the URL /logs/
kubectl auth can-i get /logs/

# List all allowed actions in namespace "foo"
kubectl auth can-i --list --namespace=foo`,
    usage: "auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]",
    flags: {
      "all-namespaces": ["false", "If true, check the specified action in all namespaces."],
      list: ["false", "If true, prints all allowed actions."],
      "no-headers": ["false", "If true, prints allowed actions without headers"],
      quiet: ["false", "If true, suppress output and just return the exit code."],
      subresource: ["''", "SubResource such as pod/log or deployment/scale"],
    },
  },
  "auth whoami": {
    long: `Experimental: Check who you are and your attributes (groups, extra).

        This command is helpful to get yourself aware of the current user attributes,
        especially when dynamic authentication, e.g., token webhook, auth proxy, or OIDC provider,
        is enabled in the Kubernetes cluster.`,
    examples: `# Get your subject attributes
kubectl auth whoami`,
    usage: "auth whoami [options]",
  },
};
