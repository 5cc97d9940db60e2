// kubectl completion's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its
// examples where kubesim has the feature they show (help.test.ts runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  completion: {
    long: `Output shell completion code for the specified shell (bash, zsh, fish). The shell code must be evaluated to provide interactive completion of kubectl commands.  This can be done by sourcing it from the .bash_profile.

 Detailed instructions on how to do this are available here:

        for macOS:
        https://kubernetes.io/docs/tasks/tools/install-kubectl-macos/#enable-shell-autocompletion
        
        for linux:
        https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/#enable-shell-autocompletion
        
        for windows:
        https://kubernetes.io/docs/tasks/tools/install-kubectl-windows/#enable-shell-autocompletion
        
 Note for zsh users: [1] zsh completions are only supported in versions of zsh >= 5.2.`,
    examples: `# Load the completion code for bash into the current shell
source <(kubectl completion bash)
## With alias kubectl=kubesim, complete the alias too
complete -o default -F _kubesim kubectl

# Load the completion code for zsh into the current shell
source <(kubectl completion zsh)

# Load the completion code for fish into the current shell
kubectl completion fish | source`,
    usage: "completion SHELL [options]",
  },
};
