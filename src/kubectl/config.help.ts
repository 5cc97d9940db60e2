// The help of the kubectl config subcommands kubesim has: kubectl v1.32's words, trimmed of
// features kubesim lacks, with its examples where kubesim has the feature they show (help.test.ts
// runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  config: {
    long: `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`,
    usage: "config SUBCOMMAND [options]",
  },
  "config get-contexts": {
    long: `Display one or many contexts from the kubeconfig file.`,
    examples: `# List all the contexts in your kubeconfig file
kubectl config get-contexts

# Describe one context in your kubeconfig file
kubectl config get-contexts my-context`,
    usage: "config get-contexts [(-o|--output=)name)] [options]",
    flags: {
      output: ["''", "Output format. One of: (name)."],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
    },
  },
  "config current-context": {
    long: `Display the current-context.`,
    examples: `# Display the current-context
kubectl config current-context`,
    usage: "config current-context [flags] [options]",
  },
  "config use-context": {
    long: `Set the current-context in a kubeconfig file.`,
    examples: `# Use the context for the minikube cluster
kubectl config use-context minikube`,
    usage: "config use-context CONTEXT_NAME [options]",
  },
};
