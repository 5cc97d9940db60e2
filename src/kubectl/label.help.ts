// The help of kubectl label and annotate: kubectl v1.32's words, trimmed of features kubesim
// lacks, with its examples where kubesim has the feature they show (help.test.ts runs every
// example).
import { type CommandHelp, DRY_RUN, OUTPUT, SELECTOR } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
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
};
