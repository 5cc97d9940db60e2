// kubectl create's help and its generators': kubectl v1.32's words, trimmed of features kubesim
// lacks, with its examples where kubesim has the feature they show (help.test.ts runs every
// example).
import { type CommandHelp, DRY_RUN, OUTPUT, RECURSIVE, SAVE_CONFIG, VALIDATE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  create: {
    long: `Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.`,
    examples: `# Create a pod using the data in pod.json
kubectl create -f ./pod.json

# Create a pod based on the JSON passed into stdin
cat pod.json | kubectl create -f -`,
    usage: "create -f FILENAME [options]",
    flags: {
      filename: ["[]", "Filename, directory, or URL to files to use to create the resource"],
      recursive: RECURSIVE,
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
    },
  },
  "create deployment": {
    long: `Create a deployment with the specified name.`,
    examples: `# Create a deployment named my-dep that runs the busybox image
kubectl create deployment my-dep --image=busybox

# Create a deployment with a command
kubectl create deployment my-dep --image=busybox -- date

# Create a deployment named my-dep that runs the nginx image with 3 replicas
kubectl create deployment my-dep --image=nginx --replicas=3

# Create a deployment named my-dep that runs the busybox image and expose port 5701
kubectl create deployment my-dep --image=busybox --port=5701

# Create a deployment named my-dep that runs multiple containers
kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx`,
    usage: "create deployment NAME --image=image -- [COMMAND] [args...] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      image: ["[]", "Image names to run. A deployment can have multiple images set for multi-container pod."],
      replicas: ["1", "Number of replicas to create. Default is 1."],
      port: ["-1", "The containerPort that this deployment exposes."],
    },
  },
  "create job": {
    long: `Create a job with the specified name.`,
    examples: `# Create a job
kubectl create job my-job --image=busybox

# Create a job with a command
kubectl create job my-job --image=busybox -- date`,
    usage: "create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      image: ["''", "Image name to run."],
      from: ["''", "The name of the resource to create a Job from (only cronjob is supported)."],
    },
  },
  "create service": {
    long: `Create a service using a specified subcommand.`,
    usage: "create service [flags] [options]",
  },
  "create service clusterip": {
    long: `Create a ClusterIP service with the specified name.`,
    examples: `# Create a new ClusterIP service named my-cs
kubectl create service clusterip my-cs --tcp=5678:8080

# Create a new ClusterIP service named my-cs (in headless mode)
kubectl create service clusterip my-cs --clusterip="None"`,
    usage:
      "create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      tcp: ["[]", "Port pairs can be specified as '<port>:<targetPort>'."],
      clusterip: [
        "''",
        "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
      ],
    },
  },
  "create service nodeport": {
    long: `Create a NodePort service with the specified name.`,
    examples: `# Create a new NodePort service named my-ns
kubectl create service nodeport my-ns --tcp=5678:8080`,
    usage: "create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      tcp: ["[]", "Port pairs can be specified as '<port>:<targetPort>'."],
      "node-port": ["0", "Port used to expose the service on each node in a cluster."],
    },
  },
  "create service loadbalancer": {
    long: `Create a LoadBalancer service with the specified name.`,
    examples: `# Create a new LoadBalancer service named my-lbs
kubectl create service loadbalancer my-lbs --tcp=5678:8080`,
    usage:
      "create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      tcp: ["[]", "Port pairs can be specified as '<port>:<targetPort>'."],
    },
  },
  "create service externalname": {
    long: `Create an ExternalName service with the specified name.

 ExternalName service references to an external DNS address instead of only pods, which will allow application authors to reference services that exist off platform, on other clusters, or locally.`,
    examples: `# Create a new ExternalName service named my-ns
kubectl create service externalname my-ns --external-name bar.com`,
    usage:
      "create service externalname NAME --external-name external.name [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      "external-name": ["''", "External name of service"],
    },
  },
  "create namespace": {
    long: `Create a namespace with the specified name.`,
    examples: `# Create a new namespace named my-namespace
kubectl create namespace my-namespace`,
    usage: "create namespace NAME [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
    },
  },
};
