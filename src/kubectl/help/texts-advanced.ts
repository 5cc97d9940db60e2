// Help texts: kubectl's advanced, settings and other commands, with kubectl's examples where
// kubesim has the feature they show (no kustomize, --prune, --resource-version, secrets or
// powershell).
import { ALL_NAMESPACES, type CommandHelp, DRY_RUN, OUTPUT, RECURSIVE, SELECTOR, VALIDATE } from "./flags.js";

export const ADVANCED: Record<string, CommandHelp> = {
  apply: {
    long: `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.

 JSON and YAML formats are accepted.`,
    examples: `# Apply the configuration in pod.json to a pod
kubectl apply -f ./pod.json

# Apply the JSON passed into stdin to a pod
cat pod.json | kubectl apply -f -`,
    usage: "apply -f FILENAME [options]",
    flags: {
      filename: ["[]", "The files that contain the configurations to apply."],
      recursive: RECURSIVE,
      output: OUTPUT,
      "dry-run": DRY_RUN,
      validate: VALIDATE,
    },
  },
  patch: {
    long: `Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

 JSON and YAML formats are accepted.

 Note: Strategic merge patch is not supported for custom resources.`,
    examples: `# Partially update a node using a strategic merge patch, specifying the patch as JSON
kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'

# Partially update a node using a strategic merge patch, specifying the patch as YAML
kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'

# Update a container's image; spec.containers[*].name is required because it's a merge key
kubectl patch pod valid-pod -p '{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}'

# Update a container's image using a JSON patch with positional arrays
kubectl patch pod valid-pod --type='json' -p '[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'`,
    usage: "patch (TYPE NAME | TYPE/NAME) -p PATCH [options]",
    flags: {
      patch: ["''", "The patch to be applied to the resource JSON file."],
      type: ["'strategic'", "The type of patch being provided; one of [json merge strategic]"],
      "dry-run": DRY_RUN,
      output: OUTPUT,
    },
  },
  wait: {
    long: `Experimental: Wait for a specific condition on one or many resources.

 The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.

 Alternatively, the command can wait for the given set of resources to be created or deleted by providing the "create" or "delete" keyword as the value to the --for flag.

 A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.`,
    examples: `# Wait for the pod "busybox1" to contain the status condition of type "Ready"
kubectl wait --for=condition=Ready pod/busybox1

# The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)
kubectl wait --for=condition=Ready=false pod/busybox1

# Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command
kubectl delete pod/busybox1
kubectl wait --for=delete pod/busybox1 --timeout=60s`,
    usage:
      "wait (resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
    flags: {
      for: [
        "''",
        "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.",
      ],
      timeout: [
        "30s",
        "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.",
      ],
      selector: [
        "''",
        "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)",
      ],
      all: ["false", "Select all resources in the namespace of the specified resource types"],
      "all-namespaces": ALL_NAMESPACES,
    },
  },
  label: {
    long: `Update the labels on a resource.

  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.
  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.
  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.
  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.`,
    examples: `# Update pod 'foo' with the label 'unhealthy' and the value 'true'
kubectl label pods foo unhealthy=true

# Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value
kubectl label --overwrite pods foo status=unhealthy

# Update all pods in the namespace
kubectl label pods --all status=unhealthy

# Update pod 'foo' by removing a label named 'bar' if it exists
# Does not require the --overwrite flag
kubectl label pods foo bar-`,
    usage: "label [--overwrite] (TYPE NAME | TYPE/NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
    flags: {
      overwrite: [
        "false",
        "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.",
      ],
      selector: SELECTOR,
      all: ["false", "Select all resources, in the namespace of the specified resource types"],
      "all-namespaces": ["false", "If true, check the specified action in all namespaces."],
      output: OUTPUT,
      "dry-run": DRY_RUN,
    },
  },
  annotate: {
    long: `Update the annotations on one or more resources.

 All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.

 Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `# Update pod 'foo' with the annotation 'description' and the value 'my frontend'
# If the same annotation is set multiple times, only the last value will be applied
kubectl annotate pods foo description='my frontend'

# Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value
kubectl annotate --overwrite pods foo description='my frontend running nginx'

# Update all pods in the namespace
kubectl annotate pods --all description='my frontend running nginx'

# Update pod 'foo' by removing an annotation named 'description' if it exists
# Does not require the --overwrite flag
kubectl annotate pods foo description-`,
    usage: "annotate [--overwrite] (TYPE NAME | TYPE/NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
    flags: {
      overwrite: [
        "false",
        "If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.",
      ],
      selector: SELECTOR,
      all: ["false", "Select all resources, in the namespace of the specified resource types."],
      "all-namespaces": ["false", "If true, check the specified action in all namespaces."],
      output: OUTPUT,
      "dry-run": DRY_RUN,
    },
  },
  completion: {
    long: `Output shell completion code for the specified shell (bash, zsh, fish). The shell code must be evaluated to provide interactive completion of kubectl commands.  This can be done by sourcing it from the .bash_profile.

 Detailed instructions on how to do this are available here:

        for macOS:
        https://kubernetes.io/docs/tasks/tools/install-kubectl-macos/#enable-shell-autocompletion
        
        for linux:
        https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/#enable-shell-autocompletion
        
        for windows:
        https://kubernetes.io/docs/tasks/tools/install-kubectl-windows/#enable-shell-autocompletion
        
 Note for zsh users: [1] zsh completions are only supported in versions of zsh >= 5.2.`,
    examples: `# Load the completion code for bash into the current shell
source <(kubectl completion bash)
## With alias kubectl=kubesim, complete the alias too
complete -o default -F _kubesim kubectl

# Load the completion code for zsh into the current shell
source <(kubectl completion zsh)

# Load the completion code for fish into the current shell
kubectl completion fish | source`,
    usage: "completion SHELL [options]",
  },
  "api-resources": {
    long: `Print the supported API resources on the server.`,
    examples: `# Print the supported API resources
kubectl api-resources

# Print the supported API resources with more information
kubectl api-resources -o wide

# Print the supported namespaced resources
kubectl api-resources --namespaced=true

# Print the supported non-namespaced resources
kubectl api-resources --namespaced=false`,
    usage: "api-resources [flags] [options]",
    flags: {
      namespaced: [
        "true",
        "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
      ],
      output: ["''", "Output format. One of: (wide, name)."],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
    },
  },
  config: {
    long: `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`,
    usage: "config SUBCOMMAND [options]",
  },
  "config get-contexts": {
    long: `Display one or many contexts from the kubeconfig file.`,
    examples: `# List all the contexts in your kubeconfig file
kubectl config get-contexts

# Describe one context in your kubeconfig file
kubectl config get-contexts my-context`,
    usage: "config get-contexts [(-o|--output=)name)] [options]",
    flags: {
      output: ["''", "Output format. One of: (name)."],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
    },
  },
  "config current-context": {
    long: `Display the current-context.`,
    examples: `# Display the current-context
kubectl config current-context`,
    usage: "config current-context [flags] [options]",
  },
  "config use-context": {
    long: `Set the current-context in a kubeconfig file.`,
    examples: `# Use the context for the minikube cluster
kubectl config use-context minikube`,
    usage: "config use-context CONTEXT_NAME [options]",
  },
  version: {
    long: `Print the client and server version information for the current context.`,
    examples: `# Print the client and server versions for the current context
kubectl version`,
    usage: "version [flags] [options]",
    flags: {
      client: ["false", "If true, shows client version only (no server required)."],
      output: ["''", "One of 'yaml' or 'json'."],
    },
  },
};
