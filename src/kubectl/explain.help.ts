// kubesim explain's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  explain: {
    long: `Explain a Service: the pods its selector matches, where it sends traffic, and whether it answers from a node, from a pod and from outside the cluster, with the cause and the fix wherever it does not.

 kubectl's own 'explain' prints the API's field documentation, which kubesim does not have; kubesim explains a Service by name.`,
    examples: `# Explain a Service
kubectl explain service demoservice

# The same, as JSON
kubectl explain svc/kubernetes -o json`,
    usage: "explain (service NAME | svc/NAME) [-o text|json] [options]",
    flags: { output: ["''", "Output format. One of: (text, json). Default: text."] },
  },
};
