// kubectl replace's help: kubectl v1.32's words, trimmed of the flags kubesim lacks; help.test.ts
// runs every example.
import { type CommandHelp, DRY_RUN, SAVE_CONFIG, VALIDATE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  replace: {
    long: `Replace a resource by file name or stdin.

 JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by

        $ kubectl get TYPE NAME -o yaml`,
    examples: `# Replace a pod using the data in pod.json
kubectl replace -f ./pod.json

# Replace a pod based on the JSON passed into stdin
cat pod.json | kubectl replace -f -

# Update a single-container pod's image version (tag) to v4
kubectl get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | kubectl replace -f -

# Force replace, delete and then re-create the resource
kubectl replace --force -f ./pod.json`,
    usage: "replace -f FILENAME [options]",
    flags: {
      cascade: [
        "'background'",
        'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
      ],
      "dry-run": DRY_RUN,
      "field-manager": ["'kubectl-replace'", "Name of the manager used to track field ownership."],
      "save-config": SAVE_CONFIG,
      timeout: [
        "0s",
        "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object",
      ],
      validate: VALIDATE,
      wait: ["false", "If true, wait for resources to be gone before returning. This waits for finalizers."],
      filename: ["[]", "The files that contain the configurations to replace."],
      force: [
        "false",
        "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.",
      ],
      "grace-period": [
        "-1",
        "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
      ],
      output: [
        "''",
        "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
      ],
      recursive: [
        "false",
        "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
      ],
    },
  },
};
