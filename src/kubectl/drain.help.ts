// The help of kubectl cordon, uncordon and drain: kubectl v1.32's words, trimmed of features
// kubesim lacks, with its examples where kubesim has the feature they show (help.test.ts runs
// every example).
import { type CommandHelp, DRY_RUN, SELECTOR } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  cordon: {
    long: `Mark node as unschedulable.`,
    examples: `# Mark node "foo" as unschedulable
kubectl cordon foo`,
    usage: "cordon NODE [options]",
    flags: {
      "dry-run": DRY_RUN,
      selector: SELECTOR,
    },
  },
  uncordon: {
    long: `Mark node as schedulable.`,
    examples: `# Mark node "foo" as schedulable
kubectl uncordon foo`,
    usage: "uncordon NODE [options]",
    flags: {
      "dry-run": DRY_RUN,
      selector: SELECTOR,
    },
  },
  drain: {
    long: `Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command completes.

 When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.

https://kubernetes.io/images/docs/kubectl_drain.svg Workflowhttps://kubernetes.io/images/docs/kubectl_drain.svg`,
    examples: `# Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
kubectl drain foo --force

# As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
kubectl drain foo --grace-period=900`,
    usage: "drain NODE [options]",
    flags: {
      "dry-run": DRY_RUN,
      "ignore-daemonsets": ["false", "Ignore DaemonSet-managed pods."],
      "delete-emptydir-data": [
        "false",
        "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).",
      ],
      "delete-local-data": [
        "false",
        "Deprecated spelling of --delete-emptydir-data (kubectl 1.32 no longer accepts it).",
      ],
      force: ["false", "Continue even if there are pods that do not declare a controller."],
      "grace-period": [
        "-1",
        "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.",
      ],
      timeout: ["0s", "The length of time to wait before giving up, zero means infinite"],
      selector: SELECTOR,
    },
  },
};
