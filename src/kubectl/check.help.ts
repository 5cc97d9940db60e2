// kubesim check's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  check: {
    short: "Run a lab check file: PASS or FAIL per step, with the reason",
    long: `Run a lab check file against the cluster.

 Each step of the file is a condition: an object exists with given fields, a Service has N endpoints, a pod is Running, or a curl from a node, a pod or outside gets a given status or body. check prints PASS or FAIL for each step, with the reason from the model for each failure, then a summary. The exit code is 0 only if every step holds. The format is described in the README; manifests/checks holds the seed labs' checks. Use - to read the file from stdin.`,
    examples: `# Check the first lab
kubectl check manifests/checks/lab1-pods.yml`,
    usage: "check FILE [options]",
  },
};
