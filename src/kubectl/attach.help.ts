// kubectl attach's help: kubectl v1.32's words.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  attach: {
    long: "Attach to a process that is already running inside an existing container.",
    examples: `# Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' annotation
# for selecting the container to be attached or the first container in the pod will be chosen
kubectl attach mypod

# Get output from ruby-container from pod mypod
kubectl attach mypod -c ruby-container

# Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
# and sends stdout/stderr from 'bash' back to the client
kubectl attach mypod -c ruby-container -i -t

# Get output from the first pod of a replica set named nginx
kubectl attach rs/nginx`,
    usage: "attach (POD | TYPE/NAME) -c CONTAINER [options]",
    flags: {
      container: [
        "''",
        "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen",
      ],
      "pod-running-timeout": [
        "1m0s",
        "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
      ],
      quiet: ["false", "Only print output from the remote session"],
      stdin: ["false", "Pass stdin to the container"],
      tty: ["false", "Stdin is a TTY"],
    },
  },
};
