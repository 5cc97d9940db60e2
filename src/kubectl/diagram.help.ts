// kubesim diagram's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  diagram: {
    long: `Draw the cluster's network: the nodes with their IPs and pod CIDRs holding their pods, and the Services with their virtual IPs, ports and the endpoints they reach.

 A Service whose selector matches nothing is marked, with the pods that nearly match. Text goes to the terminal; svg, dot and mermaid can go to a file with --output.`,
    examples: `# The current namespace, as text
kubectl diagram

# Every namespace, system pods included
kubectl diagram -A

# Only what carries the label app=web, as a Graphviz graph
kubectl diagram -l app=web -o dot

# An SVG picture in a file
kubectl diagram --output cluster.svg`,
    usage: "diagram [-n NAMESPACE | -A] [-l SELECTOR] [-o text|svg|dot|mermaid] [--output FILE] [options]",
    flags: {
      o: [
        "''",
        "Output format. One of: (text, svg, dot, mermaid). Default: text, or the --output file's extension.",
      ],
      output: ["''", "Write the picture to this file instead of stdout."],
      selector: [
        "''",
        "Selector (label query) to narrow the pods and Services drawn, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2).",
      ],
      "all-namespaces": ["false", "If present, draw every namespace, system pods included."],
    },
  },
};
