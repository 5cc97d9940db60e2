// kubectl rollout's help and its subcommands': kubectl v1.32's words, trimmed of features kubesim
// lacks, with its examples where kubesim has the feature they show (help.test.ts runs every
// example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  rollout: {
    long: `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets`,
    examples: `# Rollback to the previous deployment
kubectl rollout undo deployment/abc

# Check the rollout status of a daemonset
kubectl rollout status daemonset/foo

# Restart a deployment
kubectl rollout restart deployment/abc`,
    usage: "rollout SUBCOMMAND [options]",
  },
  "rollout status": {
    long: `Show the status of the rollout.

 By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.`,
    examples: `# Watch the rollout status of a deployment
kubectl rollout status deployment/nginx`,
    usage: "rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
    flags: {
      watch: ["true", "Watch the status of the rollout until it's done."],
      timeout: [
        "0s",
        "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).",
      ],
      revision: ["0", "Pin to a specific revision for showing its status. Defaults to 0 (last revision)."],
    },
  },
  "rollout history": {
    long: `View previous rollout revisions and configurations.`,
    examples: `# View the rollout history of a deployment
kubectl rollout history deployment/abc

# View the details of daemonset revision 3
kubectl rollout history daemonset/abc --revision=3`,
    usage: "rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
    flags: {
      revision: ["0", "See the details, including podTemplate of the revision specified"],
    },
  },
  "rollout undo": {
    long: `Roll back to a previous rollout.`,
    examples: `# Roll back to the previous deployment
kubectl rollout undo deployment/abc

# Roll back to daemonset revision 3
kubectl rollout undo daemonset/abc --to-revision=3`,
    usage: "rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
    flags: {
      "to-revision": ["0", "The revision to rollback to. Default to 0 (last revision)."],
    },
  },
  "rollout restart": {
    long: `Restart a resource.

        Resource rollout will be restarted.`,
    examples: `# Restart a deployment
kubectl rollout restart deployment/nginx

# Restart a daemon set
kubectl rollout restart daemonset/abc`,
    usage: "rollout restart RESOURCE [options]",
  },
  "rollout pause": {
    long: `Mark the provided resource as paused.

 Paused resources will not be reconciled by a controller. Use "kubectl rollout resume" to resume a paused resource. Currently only deployments support being paused.`,
    examples: `# Mark the nginx deployment as paused
# Any current state of the deployment will continue its function; new updates
# to the deployment will not have an effect as long as the deployment is paused
kubectl rollout pause deployment/nginx`,
    usage: "rollout pause RESOURCE [options]",
  },
  "rollout resume": {
    long: `Resume a paused resource.

 Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.`,
    examples: `# Resume an already paused deployment
kubectl rollout resume deployment/nginx`,
    usage: "rollout resume RESOURCE [options]",
  },
};
