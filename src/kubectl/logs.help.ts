// kubectl logs' help: kubectl v1.32's words, trimmed of features kubesim lacks, with its examples
// where kubesim has the feature they show (help.test.ts runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  logs: {
    long: `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.`,
    examples: `# Return snapshot logs from pod nginx with only one container
kubectl logs nginx

# Return snapshot of previous terminated ruby container logs from pod web-1
kubectl logs -p -c ruby web-1

# Begin streaming the logs of the ruby container in pod web-1
kubectl logs -f -c ruby web-1

# Display only the most recent 20 lines of output in pod nginx
kubectl logs --tail=20 nginx

# Show all logs from pod nginx written in the last hour
kubectl logs --since=1h nginx

# Return snapshot logs from container nginx-1 of a deployment named nginx
kubectl logs deployment/nginx -c nginx-1`,
    usage: "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
    flags: {
      container: ["''", "Print the logs of this container"],
      follow: ["false", "Specify if the logs should be streamed."],
      tail: [
        "-1",
        "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.",
      ],
      since: [
        "0s",
        "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.",
      ],
      timestamps: ["false", "Include timestamps on each line in the log output"],
      previous: [
        "false",
        "If true, print the logs for the previous instance of the container in a pod if it exists.",
      ],
    },
  },
};
