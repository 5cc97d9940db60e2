// kubectl options' help: kubectl v1.32's words for the global flags kubesim acts on, and what it
// does with the others.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  options: {
    long: "Print the list of flags inherited by all commands",
    examples: `# Print flags inherited by all commands
kubectl options`,
    usage: "options [flags] [options]",
    flags: {
      namespace: ["''", "If present, the namespace scope for this CLI request"],
      cluster: ["''", "The name of the kubesim cluster to use (default: the current one)"],
      context: ["''", "The name of the kubeconfig context to use; kubesim's contexts are its clusters"],
      kubeconfig: [
        "''",
        "Accepted for compatibility; kubesim keeps its own state and reads no kubeconfig file.",
      ],
      "request-timeout": [
        "'0'",
        "Accepted for compatibility; kubesim's API server answers at once. (kubectl: the length of time to wait before giving up on a single server request.)",
      ],
    },
  },
};
