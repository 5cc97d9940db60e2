// kubectl autoscale's help: kubectl v1.32's words, trimmed of the flags kubesim lacks
// (-f, -k, -R, --save-config, --field-manager).
import { type CommandHelp, DRY_RUN, OUTPUT } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  autoscale: {
    long: `Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster.

 Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within the system as needed.`,
    examples: `# Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used
kubectl autoscale deployment foo --min=2 --max=10`,
    usage:
      "autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]",
    flags: {
      "cpu-percent": [
        "-1",
        "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.",
      ],
      "dry-run": DRY_RUN,
      max: ["-1", "The upper limit for the number of pods that can be set by the autoscaler. Required."],
      min: [
        "-1",
        "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.",
      ],
      name: [
        "''",
        "The name for the newly created object. If not specified, the name of the input resource will be used.",
      ],
      output: OUTPUT,
    },
  },
};
