// kubectl set serviceaccount's help: kubectl v1.32's words, trimmed of the flags kubesim
// lacks (--local, -k, templates, field managers), with its examples where kubesim has the
// feature they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT, RECURSIVE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  "set serviceaccount": {
    long: `Update the service account of pod template resources.

 Possible resources (case insensitive) can be:

 replicationcontroller (rc), deployment (deploy), daemonset (ds), job, replicaset (rs), statefulset`,
    examples: `# Set deployment nginx-deployment's service account to serviceaccount1
kubectl set serviceaccount deployment nginx-deployment serviceaccount1`,
    usage: "set serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT [options]",
    flags: {
      all: ["false", "Select all resources, in the namespace of the specified resource types"],
      "dry-run": DRY_RUN,
      filename: ["[]", "Filename, directory, or URL to files identifying the resource to get from a server."],
      output: OUTPUT,
      recursive: RECURSIVE,
    },
  },
};
