// kubectl plugin's help, kubectl v1.32's words.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  plugin: {
    short: "Provides utilities for interacting with plugins",
    long: `Provides utilities for interacting with plugins.

 Plugins provide extended functionality that is not part of the major command-line distribution. Please refer to the documentation and examples for more information about how write your own plugins.

 The easiest way to discover and install plugins is via the kubernetes sub-project krew: [krew.sigs.k8s.io]. To install krew, visit https://krew.sigs.k8s.io/docs/user-guide/setup/install`,
    examples: `# List all available plugins
kubectl plugin list

# List only binary names of available plugins without paths
kubectl plugin list --name-only`,
    usage: "plugin [flags] [options]",
  },
  "plugin list": {
    short: "List all visible plugin executables on a user's PATH",
    long: `List all available plugin files on a user's PATH. To see plugins binary names without the full path use --name-only flag.

 Available plugin files are those that are: - executable - anywhere on the user's PATH - begin with "kubectl-"`,
    examples: `# List all available plugins
kubectl plugin list

# List only binary names of available plugins without paths
kubectl plugin list --name-only`,
    usage: "plugin list [flags] [options]",
    flags: {
      "name-only": [
        "false",
        "If true, display only the binary name of each plugin, rather than its full path",
      ],
    },
  },
};
