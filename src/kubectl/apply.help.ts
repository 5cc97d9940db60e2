// kubectl apply's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its
// examples where kubesim has the feature they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT, RECURSIVE, VALIDATE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
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
};
