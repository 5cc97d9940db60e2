// kubectl scale's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its
// examples where kubesim has the feature they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  scale: {
    short: "Set a new size for a deployment, replica set, or replication controller",
    long: `Set a new size for a deployment, replica set, replication controller, or stateful set.

 Scale also allows users to specify one or more preconditions for the scale action.

 If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.`,
    examples: `# Scale a replica set named 'foo' to 3
kubectl scale --replicas=3 rs/foo

# If the deployment named mysql's current size is 2, scale mysql to 3
kubectl scale --current-replicas=2 --replicas=3 deployment/mysql`,
    usage: "scale [--current-replicas=count] --replicas=COUNT (TYPE NAME | TYPE/NAME) [options]",
    flags: {
      replicas: ["0", "The new desired number of replicas. Required."],
      "current-replicas": [
        "-1",
        "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.",
      ],
      output: OUTPUT,
      "dry-run": DRY_RUN,
    },
  },
};
