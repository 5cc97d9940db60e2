// kubesim diagnose's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  diagnose: {
    long: `Diagnose a Service: the pods its selector matches, where it sends traffic, and whether it answers from a node, from a pod and from outside the cluster, with the cause and the fix wherever it does not.

 Diagnose an Ingress: its class and rules, what is wrong with it (no ingress controller or none ready, a class no controller serves, a backend Service or port that does not exist or has no ready endpoint, a missing TLS Secret), and whether each rule answers from outside through the ingress controller.

 (Before, this was 'kubesim explain'; that name is kubectl's, for the API's field documentation.)`,
    examples: `# Diagnose a Service
kubesim diagnose service demoservice

# The same, as JSON
kubesim diagnose svc/kubernetes -o json

# Diagnose an Ingress (kind's Ingress guide names it example-ingress)
kubesim diagnose ingress example-ingress`,
    usage: "diagnose (service NAME | svc/NAME | ingress NAME | ing/NAME) [-o text|json] [options]",
    flags: { output: ["''", "Output format. One of: (text, json). Default: text."] },
  },
};
