// kubectl kustomize's help, kubectl v1.32's words.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  kustomize: {
    short: "Build a kustomization target from a directory or URL",
    long: "Build a set of KRM resources using a 'kustomization.yaml' file. The DIR argument must be a path to a directory containing 'kustomization.yaml', or a git repository URL with a path suffix specifying same with respect to the repository root. If DIR is omitted, '.' is assumed.",
    examples: `# Build the current working directory
kubectl kustomize

# Build some shared configuration directory
kubectl kustomize /home/config/production

# Build from github
kubectl kustomize https://github.com/kubernetes-sigs/kustomize.git/examples/helloWorld?ref=v1.0.6`,
    usage: "kustomize DIR [flags] [options]",
    flags: {
      "load-restrictor": [
        "'LoadRestrictionsRootOnly'",
        "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization.",
      ],
      output: ["''", "If specified, write output to this path."],
    },
  },
};
