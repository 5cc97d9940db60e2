// kubectl set image's help: kubectl v1.32's words, trimmed of features kubesim lacks, with
// its examples where kubesim has the feature they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  "set image": {
    long: `Update existing container image(s) of resources.

 Possible resources include (case insensitive):

        pod (po), deployment (deploy), daemonset (ds), replicaset (rs)`,
    examples: `# Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'
kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1

# Update all deployments' nginx container's image to 'nginx:1.9.1'
kubectl set image deployments nginx=nginx:1.9.1 --all

# Update image of all containers of daemonset abc to 'nginx:1.9.1'
kubectl set image daemonset abc *=nginx:1.9.1`,
    usage:
      "set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      all: ["false", "Select all resources, in the namespace of the specified resource types"],
    },
  },
};
