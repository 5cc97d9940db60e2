// kubectl patch's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its
// examples where kubesim has the feature they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
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
};
