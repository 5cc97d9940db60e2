// The help of kubectl taint: kubectl v1.32's words (its examples all run in kubesim).
import { type CommandHelp, DRY_RUN, OUTPUT, SELECTOR, VALIDATE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  taint: {
    long: `Update the taints on one or more nodes.

  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.
  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.
  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.
  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.
  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.
  *  Currently taint can only apply to node.`,
    examples: `# Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'
# If a taint with that key and effect already exists, its value is replaced as specified
kubectl taint nodes foo dedicated=special-user:NoSchedule

# Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists
kubectl taint nodes foo dedicated:NoSchedule-

# Remove from node 'foo' all the taints with key 'dedicated'
kubectl taint nodes foo dedicated-

# Add a taint with key 'dedicated' on nodes having label myLabel=X
kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule

# Add to node 'foo' a taint with key 'bar' and no value
kubectl taint nodes foo bar:NoSchedule`,
    usage: "taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
    flags: {
      all: ["false", "Select all nodes in the cluster"],
      "allow-missing-template-keys": [
        "true",
        "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
      ],
      "dry-run": DRY_RUN,
      "field-manager": ["'kubectl-taint'", "Name of the manager used to track field ownership."],
      output: OUTPUT,
      overwrite: [
        "false",
        "If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.",
      ],
      selector: SELECTOR,
      "show-managed-fields": [
        "false",
        "If true, keep the managedFields when printing objects in JSON or YAML format.",
      ],
      template: [
        "''",
        "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
      ],
      validate: VALIDATE,
    },
  },
};
