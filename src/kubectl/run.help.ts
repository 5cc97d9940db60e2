// kubectl run's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its examples
// where kubesim has the feature they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  run: {
    long: `Create and run a particular image in a pod.`,
    examples: `# Start a nginx pod
kubectl run nginx --image=nginx

# Start a hazelcast pod and let the container expose port 5701
kubectl run hazelcast --image=hazelcast/hazelcast --port=5701

# Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container
kubectl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"

# Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container
kubectl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"

# Dry run; print the corresponding API objects without creating them
kubectl run nginx --image=nginx --dry-run=client

# Start a busybox pod and keep it in the foreground, don't restart it if it exits
kubectl run -i -t busybox --image=busybox --restart=Never

# Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command
kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>

# Start the nginx pod using a different command and custom arguments
kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>`,
    usage:
      'run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
    flags: {
      image: ["''", "The image for the container to run."],
      port: ["''", "The port that this container exposes."],
      expose: ["false", "If true, create a ClusterIP service associated with the pod.  Requires `--port`."],
      labels: ["''", "Comma separated labels to apply to the pod. Will override previous values."],
      env: ["[]", "Environment variables to set in the container."],
      restart: ["'Always'", "The restart policy for this Pod.  Legal values [Always, OnFailure, Never]."],
      command: [
        "false",
        "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
      ],
      "dry-run": DRY_RUN,
      output: OUTPUT,
      stdin: ["false", "Keep stdin open on the container in the pod, even if nothing is attached."],
      tty: ["false", "Allocate a TTY for the container in the pod."],
      rm: [
        "false",
        "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'.",
      ],
      "pod-running-timeout": [
        "1m0s",
        "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
      ],
      "image-pull-policy": [
        "''",
        "The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.",
      ],
    },
  },
};
