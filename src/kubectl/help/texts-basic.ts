// Help texts: kubectl's basic commands (create, expose, run, set, get, delete), with kubectl's
// examples where kubesim has the feature they show; the others are dropped, or moved from
// replication controllers, which kubesim lacks, to deployments.
import {
  ALL_NAMESPACES,
  type CommandHelp,
  DRY_RUN,
  OUTPUT,
  RECURSIVE,
  SAVE_CONFIG,
  SELECTOR,
  VALIDATE,
} from "./flags.js";

export const BASIC: Record<string, CommandHelp> = {
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

# Create a deployment named my-dep that runs the nginx image with 3 replicas
kubectl create deployment my-dep --image=nginx --replicas=3

# Create a deployment named my-dep that runs the busybox image and expose port 5701
kubectl create deployment my-dep --image=busybox --port=5701

# Create a deployment named my-dep that runs multiple containers
kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx`,
    usage: "create deployment NAME --image=image [options]",
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
  expose: {
    long: `Expose a resource as a new Kubernetes service.

 Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.

 Possible resources include (case insensitive):

 pod (po), service (svc), deployment (deploy), replicaset (rs)`,
    examples: `# Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
kubectl expose pod valid-pod --port=444 --name=frontend

# Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https

# Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named 'video-stream'.
kubectl expose deployment streamer --port=4100 --protocol=UDP --name=video-stream

# Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000
kubectl expose rs nginx --port=80 --target-port=8000

# Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
kubectl expose deployment nginx --port=80 --target-port=8000`,
    usage:
      "expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
    flags: {
      port: [
        "''",
        "The port that the service should serve on. Copied from the resource being exposed, if unspecified",
      ],
      "target-port": [
        "''",
        "Name or number for the port on the container that the service should direct traffic to. Optional.",
      ],
      type: [
        "''",
        "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
      ],
      name: ["''", "The name for the newly created object."],
      selector: [
        "''",
        "A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)",
      ],
      "cluster-ip": [
        "''",
        "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.",
      ],
      protocol: ["''", "The network protocol for the service to be created. Default is 'TCP'."],
      labels: ["''", "Labels to apply to the service created by this call."],
      "external-ip": [
        "''",
        "Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.",
      ],
      "session-affinity": [
        "''",
        "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
      ],
      "load-balancer-ip": [
        "''",
        "IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).",
      ],
      "dry-run": DRY_RUN,
      output: OUTPUT,
    },
  },
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
  set: {
    long: `Configure application resources.

 These commands help you make changes to existing application resources.`,
    usage: "set SUBCOMMAND [options]",
  },
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
  get: {
    long: `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `# List all pods in ps output format
kubectl get pods

# List all pods in ps output format with more information (such as node name)
kubectl get pods -o wide

# List deployments in JSON output format, in the "v1" version of the "apps" API group
kubectl get deployments.v1.apps -o json

# List a single pod in JSON output format
kubectl get -o json pod web-pod-13je7

# Return only the phase value of the specified pod
kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}

# List resource information in custom columns
kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

# List all deployments and services together in ps output format
kubectl get deployments,services

# List one or more resources by their type and names
kubectl get deployment/web service/frontend pods/web-pod-13je7

# List all deployments in namespace 'backend'
kubectl get deployments.apps --namespace backend

# List all pods existing in all namespaces
kubectl get pods --all-namespaces`,
    usage:
      "get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
    flags: {
      output: [
        "''",
        "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].",
      ],
      selector: SELECTOR,
      "field-selector": [
        "''",
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
      ],
      "all-namespaces": ALL_NAMESPACES,
      "show-labels": [
        "false",
        "When printing, show all labels as the last column (default hide labels column)",
      ],
      "label-columns": [
        "[]",
        "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...",
      ],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
      "ignore-not-found": [
        "false",
        "If the requested object does not exist the command will return exit code 0.",
      ],
      template: [
        "''",
        "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
      ],
      "allow-missing-template-keys": [
        "true",
        "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
      ],
      "sort-by": [
        "''",
        "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
      ],
      watch: ["false", "After listing/getting the requested object, watch for changes."],
      "watch-only": ["false", "Watch for changes to the requested object(s), without listing/getting first."],
    },
  },
  delete: {
    long: `Delete resources by file names, stdin, resources and names, or by resources and label selector.

 JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources and names, or resources and label selector.

 Some resources, such as pods, support graceful deletion. These resources define a default period before they are forcibly terminated (the grace period) but you may override that value with the --grace-period flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach the API server, termination may take significantly longer than the grace period. To force delete a resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. In absence of the support, the --grace-period flag is ignored.

 IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been terminated, which can leave those processes running until the node detects the deletion and completes graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of the pod to identify themselves, force deleting those pods may result in multiple processes running on different machines using the same identification which may lead to data corruption or inconsistency. Only force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods on those nodes before the node has released those resources and causing those pods to be evicted immediately.

 Note that the delete command does NOT do resource version checks, so if someone submits an update to a resource right when you submit a delete, their update will be lost along with the rest of the resource.

 After a CustomResourceDefinition is deleted, invalidation of discovery cache may take up to 6 hours. If you don't want to wait, you might want to run "kubectl api-resources" to refresh the discovery cache.`,
    examples: `# Delete a pod using the type and name specified in pod.json
kubectl delete -f ./pod.json

# Delete a pod based on the type and name in the JSON passed into stdin
cat pod.json | kubectl delete -f -

# Delete pods and services with same names "baz" and "foo"
kubectl delete pod,service baz foo

# Delete pods and services with label name=myLabel
kubectl delete pods,services -l name=myLabel

# Delete a pod with minimal delay
kubectl delete pod foo --now

# Force delete a pod on a dead node
kubectl delete pod foo --force

# Delete all pods
kubectl delete pods --all`,
    usage: "delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
    flags: {
      filename: ["[]", "containing the resource to delete."],
      recursive: RECURSIVE,
      selector: SELECTOR,
      all: ["false", "Delete all resources, in the namespace of the specified resource types."],
      "all-namespaces": ALL_NAMESPACES,
      "grace-period": [
        "-1",
        "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
      ],
      force: [
        "false",
        "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.",
      ],
      now: ["false", "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."],
      wait: ["true", "If true, wait for resources to be gone before returning. This waits for finalizers."],
      timeout: [
        "0s",
        "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object",
      ],
      "ignore-not-found": [
        "false",
        'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.',
      ],
      output: ["''", 'Output mode. Use "-o name" for shorter output (resource/name).'],
    },
  },
};
