// Help texts: kubesim's own verbs (kubectl has none of them) and `kubectl options`. The
// examples use the course manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./flags.js";

const VANTAGE_FLAGS: NonNullable<CommandHelp["ownFlags"]> = [
  {
    names: "--from",
    def: "''",
    text: "Where the connection starts: node/NAME (a root shell on that node), pod/NAME (inside the pod's container, with the tools its image has) or outside (your own machine, outside the cluster).",
  },
  {
    names: "--node",
    def: "''",
    text: "The node to start from, as --from node/NAME. Default: the control-plane node.",
  },
  {
    names: "-c, --container",
    def: "''",
    text: "With --from pod/NAME: the container to start from. Default: the pod's first container.",
  },
];

export const KUBESIM: Record<string, CommandHelp> = {
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
  shell: {
    long: `Open a root shell on a node of the simulated cluster (default: the control-plane node).

 The shell knows kubectl (all of kubesim), curl, ping, ip addr, ip route, nslookup and iptables-save, with the node's view of the network. Commands come from stdin when it is not a terminal.`,
    examples: `# A root prompt on the control-plane node
kubectl shell

# A shell on a worker node
kubectl shell --node kubesim-worker`,
    usage: "shell [--node NODE] [options]",
    flags: { node: ["''", "The node to open the shell on. Default: the control-plane node."] },
  },
  "iptables-save": {
    long: `Print the rules kube-proxy programmed on a node, as 'iptables-save -t nat' prints them there.

 Every Service shows as its KUBE-SVC chain, with one KUBE-SEP chain per endpoint and the probability each is picked.`,
    examples: `# The nat table of the control-plane node
kubectl iptables-save

# The nat and filter tables of a worker node
kubectl iptables-save --node kubesim-worker -t all`,
    usage: "iptables-save [--node NODE] [-t nat|all] [options]",
    flags: {
      node: ["''", "The node whose rules to print. Default: the control-plane node."],
      table: ["'nat'", "The table to print: nat, or all for the filter and nat tables."],
    },
  },
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
  check: {
    short: "Run a lab check file: PASS or FAIL per step, with the reason",
    long: `Run a lab check file against the cluster.

 Each step of the file is a condition: an object exists with given fields, a Service has N endpoints, a pod is Running, or a curl from a node, a pod or outside gets a given status or body. check prints PASS or FAIL for each step, with the reason from the model for each failure, then a summary. The exit code is 0 only if every step holds. The format is described in the README; manifests/checks holds the seed labs' checks. Use - to read the file from stdin.`,
    examples: `# Check the first lab
kubectl check manifests/checks/lab1-pods.yml`,
    usage: "check FILE [options]",
  },
  shellenv: {
    short: "Make kubectl run kubesim in this shell and its scripts",
    long: `Print shell lines that make kubectl run kubesim in this shell and every program it starts.

 An alias (alias kubectl=kubesim) reaches only what you type: bash ignores aliases in scripts, so a lab script would run another kubectl, or none. shellenv puts a folder whose kubectl runs kubesim first on PATH, which scripts inherit. --undo prints the lines that take it off again. The lines are POSIX sh (bash, zsh, sh); name fish for fish's syntax.`,
    examples: `# Use kubesim as kubectl in this shell and its scripts
eval "$(kubectl shellenv)"

# Go back to the kubectl found on PATH before
eval "$(kubectl shellenv --undo)"

# fish
kubectl shellenv fish`,
    usage: "shellenv [bash|zsh|sh|fish] [--undo] [options]",
  },
  cluster: {
    long: `Create, delete, list and switch kubesim's simulated clusters.

 The first command creates the default cluster "kubesim": three nodes shaped like a kind cluster. Each cluster is also a kubeconfig context of the same name ('kubectl config get-contexts').`,
    usage: "cluster SUBCOMMAND [options]",
  },
  "cluster create": {
    short: "Create a cluster and make it the current one",
    long: `Create a simulated cluster and make it the current one.

 Nodes are NAME-control-plane, NAME-worker, NAME-worker2, ... at 172.18.0.2 onwards, with pod CIDRs 10.244.0.0/24 onwards. One node is a single untainted node, like minikube.`,
    examples: `# A second cluster with a single node, like minikube
kubectl cluster create lab2 --nodes 1

# A cluster whose pods start at once, with fixed names and IPs
kubectl cluster create fast --time-scale 0 --seed 7`,
    usage: "cluster create [NAME] [--nodes N] [--seed S] [--time-scale X] [--no-load-balancer] [options]",
  },
  "cluster delete": {
    short: "Delete a cluster (default: the current one)",
    long: "Delete a simulated cluster and all it holds (default: the current one).",
    examples: `# Delete the cluster named lab2
kubectl cluster delete lab2`,
    usage: "cluster delete [NAME] [options]",
  },
  "cluster list": {
    short: "List the clusters",
    long: "List the simulated clusters, with their node count and seed; * marks the current one.",
    examples: `# List the clusters
kubectl cluster list`,
    usage: "cluster list [options]",
  },
  "cluster use": {
    short: "Make a cluster the current one",
    long: "Make a simulated cluster the current one, as 'kubectl config use-context' does.",
    examples: `# Switch to the cluster named kubesim
kubectl cluster use kubesim`,
    usage: "cluster use NAME [options]",
  },
  "cluster export": {
    long: `Write what it takes to run the same lab on a real cluster: a kind cluster configuration with the same nodes, pod subnet, service subnet and host port mappings for the NodePorts in use, and the cluster's own objects as manifests, without status or server-set fields.

 'kind create cluster --config DIR/kind-config.yaml' and 'kubectl apply -f DIR/manifests' reproduce the cluster. Without --output, everything is one YAML stream on stdout.`,
    examples: `# Print the kind configuration and the manifests
kubectl cluster export

# Write them to a directory
kubectl cluster export --output lab-export`,
    usage: "cluster export [--output DIR] [options]",
    flags: {
      output: ["''", "Directory to write kind-config.yaml and manifests/ to. Default: stdout."],
      cluster: ["''", "The kubesim cluster to export. Default: the current one."],
    },
  },
  options: {
    long: "Print the list of flags inherited by all commands",
    examples: `# Print flags inherited by all commands
kubectl options`,
    usage: "options [flags] [options]",
    flags: {
      namespace: ["''", "If present, the namespace scope for this CLI request"],
      cluster: ["''", "The name of the kubesim cluster to use (default: the current one)"],
      context: ["''", "The name of the kubeconfig context to use; kubesim's contexts are its clusters"],
      kubeconfig: [
        "''",
        "Accepted for compatibility; kubesim keeps its own state and reads no kubeconfig file.",
      ],
      "request-timeout": [
        "'0'",
        "Accepted for compatibility; kubesim's API server answers at once. (kubectl: the length of time to wait before giving up on a single server request.)",
      ],
    },
  },
};
