// kubesim curl's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import { type CommandHelp, VANTAGE_FLAGS } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  curl: {
    short: "curl from a node, a pod or outside the cluster, through the modelled network",
    long: `Run curl from a place in the simulated cluster: a root shell on a node (the default: the control-plane node), a pod's container, or a machine outside the cluster.

 The request goes through the modelled network: cluster DNS, kube-proxy's rules, routes, NetworkPolicies and whatever listens in the pod. Output, errors and exit codes are curl's own, so lab scripts can test them. Every argument other than kubesim's flags below is curl's. In a pod, curl must be in the container's image (or installed with apt in 'kubectl exec').`,
    examples: `# Fetch the page a pod's web server answers, from the control-plane node
kubectl curl http://10.244.1.2

# Fetch a Service's page by its name from inside a pod's container, showing only the HTTP status
kubectl curl --from pod/testpod -c c01 -s -o /dev/null -w '%{http_code}' http://demoservice

# From outside the cluster, where only NodePorts and load balancers answer
kubectl curl --from outside http://172.18.0.3:30080

# Show the path the connection took after curl's output
kubectl curl --trace http://10.96.0.1:443`,
    usage:
      "curl [--node NODE | --from node/NAME | --from pod/NAME [-c CONTAINER] | --from outside] [--trace] [curl options] URL [options]",
    ownFlags: [
      ...VANTAGE_FLAGS,
      {
        names: "--trace",
        def: "false",
        text: "After curl's output, print the path the connection took, hop by hop, as 'kubectl trace' does. (curl's own --trace takes a file; kubesim's takes none.)",
      },
    ],
  },
};
