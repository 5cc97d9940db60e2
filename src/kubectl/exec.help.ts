// kubectl exec's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its examples
// where kubesim has the feature they show (help.test.ts runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  exec: {
    long: `Execute a command in a container.`,
    examples: `# Get output from running the 'date' command from pod mypod, using the first container by default
kubectl exec mypod -- date

# Get output from running the 'date' command in ruby-container from pod mypod
kubectl exec mypod -c ruby-container -- date

# Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
# and sends stdout/stderr from 'bash' back to the client
kubectl exec mypod -c ruby-container -i -t -- bash -il

# List contents of /usr from the first container of pod mypod and sort by modification time
# If the command you want to execute in the pod has any flags in common (e.g. -i),
# you must use two dashes (--) to separate your command's flags/arguments
# Also note, do not surround your command and its flags/arguments with quotes
# unless that is how you would execute it normally (i.e., do ls -t /usr, not "ls -t /usr")
kubectl exec mypod -i -t -- ls -t /usr`,
    usage: "exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
    flags: {
      container: [
        "''",
        "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen",
      ],
      stdin: ["false", "Pass stdin to the container"],
      tty: ["false", "Stdin is a TTY"],
      quiet: ["false", "Only print output from the remote session"],
    },
  },
};
