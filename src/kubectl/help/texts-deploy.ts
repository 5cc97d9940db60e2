// Help texts: kubectl's deploy, cluster management and troubleshooting commands, with kubectl's
// examples where kubesim has the feature they show; kubesim has no statefulsets, replication
// controllers or jobs, so examples with those are dropped or moved to deployments.
import { ALL_NAMESPACES, type CommandHelp, DRY_RUN, OUTPUT, SELECTOR } from "./flags.js";

export const DEPLOY: Record<string, CommandHelp> = {
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
  "cluster-info": {
    long: `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`,
    examples: `# Print the address of the control plane and cluster services
kubectl cluster-info`,
    usage: "cluster-info [flags] [options]",
  },
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
  describe: {
    long: `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX
        
 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `# Describe a node
kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

# Describe a pod
kubectl describe pods/nginx

# Describe all pods
kubectl describe pods

# Describe pods by label name=myLabel
kubectl describe pods -l name=myLabel

# Describe all pods managed by the 'frontend' replication controller
# (rc-created pods get the name of the rc as a prefix in the pod name)
kubectl describe pods frontend`,
    usage: "describe (TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
    flags: {
      selector: SELECTOR,
      "all-namespaces": ALL_NAMESPACES,
    },
  },
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
