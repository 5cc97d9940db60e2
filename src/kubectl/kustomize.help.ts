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
      "as-current-user": [
        "false",
        "use the uid and gid of the command executor to run the function in the container",
      ],
      "enable-alpha-plugins": ["false", "enable kustomize plugins"],
      "enable-helm": ["false", "Enable use of the Helm chart inflator generator."],
      env: ["[]", "a list of environment variables to be used by functions"],
      "helm-api-versions": ["[]", "Kubernetes api versions used by Helm for Capabilities.APIVersions"],
      "helm-command": ["'helm'", "helm command (path to executable)"],
      "helm-debug": ["false", "Enable debug output from the Helm chart inflator generator."],
      "helm-kube-version": ["''", "Kubernetes version used by Helm for Capabilities.KubeVersion"],
      mount: ["[]", "a list of storage options read from the filesystem"],
      network: ["false", "enable network access for functions that declare it"],
      "network-name": ["'bridge'", "the docker network to run the container in"],
      "load-restrictor": [
        "'LoadRestrictionsRootOnly'",
        "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization.",
      ],
      output: ["''", "If specified, write output to this path."],
    },
  },
};
