// The help of kubectl version, cluster-info and api-resources: kubectl v1.32's words, trimmed of
// features kubesim lacks, with its examples where kubesim has the feature they show (help.test.ts
// runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  version: {
    long: `Print the client and server version information for the current context.`,
    examples: `# Print the client and server versions for the current context
kubectl version`,
    usage: "version [flags] [options]",
    flags: {
      client: ["false", "If true, shows client version only (no server required)."],
      output: ["''", "One of 'yaml' or 'json'."],
    },
  },
  "cluster-info": {
    long: `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`,
    examples: `# Print the address of the control plane and cluster services
kubectl cluster-info`,
    usage: "cluster-info [flags] [options]",
  },
  "api-resources": {
    long: `Print the supported API resources on the server.`,
    examples: `# Print the supported API resources
kubectl api-resources

# Print the supported API resources with more information
kubectl api-resources -o wide

# Print the supported namespaced resources
kubectl api-resources --namespaced=true

# Print the supported non-namespaced resources
kubectl api-resources --namespaced=false`,
    usage: "api-resources [flags] [options]",
    flags: {
      namespaced: [
        "true",
        "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
      ],
      output: ["''", "Output format. One of: (wide, name)."],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
    },
  },
  "api-versions": {
    long: `Print the supported API versions on the server, in the form of "group/version".`,
    examples: `# Print the supported API versions
kubectl api-versions`,
    usage: "api-versions [options]",
  },
};
