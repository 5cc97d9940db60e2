// kubesim trace's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import { type CommandHelp, VANTAGE_FLAGS } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  trace: {
    short: "Trace one connection hop by hop, with the cause and the fix of a failure",
    long: `Trace one connection through the simulated cluster, hop by hop: the DNS lookup with each search-list try, kube-proxy's chains with the probability draw, the DNAT, the route, any NetworkPolicy verdict, the process that listens, and the response.

 Where the connection stops, trace names the hop, the cause drawn from the cluster (a selector that matches no pod, a targetPort nothing listens on, a pod that is not ready, a ClusterIP tried from outside, ...) and the fix. The exit code is 0 only if the connection succeeds.`,
    examples: `# Trace an HTTP request to a Service from the control-plane node
kubectl trace http://10.96.0.1:443

# Trace from inside a pod, to a Service by its short name
kubectl trace --from pod/testpod demoservice

# Trace from outside the cluster to a NodePort, as JSON
kubectl trace --from outside -o json 172.18.0.2:30080

# Trace a ping instead of an HTTP request
kubectl trace --ping 10.96.0.10`,
    usage:
      "trace [--from node/NAME | --from pod/NAME [-c CONTAINER] | --from outside] [--ping] [-o json] URL|HOST[:PORT] [options]",
    ownFlags: [
      ...VANTAGE_FLAGS,
      { names: "-o, --output", def: "''", text: "Output format. One of: (text, json). Default: text." },
      {
        names: "--ping",
        def: "false",
        text: "Trace a ping (ICMP echo) to the host instead of an HTTP request.",
      },
    ],
  },
};
