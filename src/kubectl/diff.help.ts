// kubectl diff's help: kubectl v1.32's words, trimmed of the flags kubesim lacks (-k,
// --prune, --server-side, selectors, field managers), with its examples (help.test.ts runs them).
import { type CommandHelp, RECURSIVE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  diff: {
    long: `Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.

 The output is always YAML.

 KUBECTL_EXTERNAL_DIFF environment variable can be used to select your own diff command. Users can use external commands with params too, example: KUBECTL_EXTERNAL_DIFF="colordiff -N -u"

 By default, the "diff" command available in your path will be run with the "-u" (unified diff) and "-N" (treat absent files as empty) options.

 Exit status: 0 No differences were found. 1 Differences were found. >1 Kubectl or diff failed with an error.

 Note: KUBECTL_EXTERNAL_DIFF, if used, is expected to follow that convention.`,
    examples: `# Diff resources included in pod.json
kubectl diff -f pod.json

# Diff file read from stdin
cat service.yaml | kubectl diff -f -`,
    usage: "diff -f FILENAME [options]",
    flags: {
      filename: ["[]", "Filename, directory, or URL to files contains the configuration to diff"],
      recursive: RECURSIVE,
      "show-managed-fields": ["false", "If true, include managed fields in the diff."],
    },
  },
};
