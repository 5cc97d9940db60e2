// kubesim shellenv's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  shellenv: {
    short: "Make kubectl run kubesim in this shell and its scripts",
    long: `Print shell lines that make kubectl run kubesim in this shell and every program it starts.

 An alias (alias kubectl=kubesim) reaches only what you type: bash ignores aliases in scripts, so a lab script would run another kubectl, or none. shellenv puts a folder whose kubectl runs kubesim first on PATH, which scripts inherit. --undo prints the lines that take it off again. The lines are POSIX sh (bash, zsh, sh); name fish for fish's syntax.`,
    examples: `# Use kubesim as kubectl in this shell and its scripts
eval "$(kubectl shellenv)"

# Go back to the kubectl found on PATH before
eval "$(kubectl shellenv --undo)"

# fish
kubectl shellenv fish`,
    usage: "shellenv [bash|zsh|sh|fish] [--undo] [options]",
  },
};
