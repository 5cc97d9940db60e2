// The help of kubesim cluster and its subcommands: kubesim's own verb (kubectl has none); its
// examples use the course manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  cluster: {
    long: `Create, delete, list and switch kubesim's simulated clusters.

 The first command creates the default cluster "kubesim": three nodes shaped like a kind cluster. Each cluster is also a kubeconfig context of the same name ('kubectl config get-contexts').`,
    usage: "cluster SUBCOMMAND [options]",
  },
  "cluster create": {
    short: "Create a cluster and make it the current one",
    long: `Create a simulated cluster and make it the current one.

 Nodes are NAME-control-plane, NAME-worker, NAME-worker2, ... at 172.18.0.2 onwards, with pod CIDRs 10.244.0.0/24 onwards and Services in 10.96.0.0/16 (kind's default subnets). One node is a single untainted node, like minikube.

 --config reads a kind Cluster config (kind.x-k8s.io/v1alpha4), as 'kind create cluster --config' does, with kind's errors: its nodes and roles (NAME-control-plane2, ... for more control planes), labels (also from kubeadmConfigPatches' node-labels), extraPortMappings (localhost:HOSTPORT from outside reaches that node's containerPort), networking (podSubnet: each node's pod CIDR is its next /24; serviceSubnet: ClusterIPs, the kubernetes Service at its first address and kube-dns at its tenth; disableDefaultCNI, kubeProxyMode; IPv4 only) and featureGates. NAME overrides the config's name.`,
    examples: `# A second cluster with a single node, like minikube
kubectl cluster create lab2 --nodes 1

# A cluster whose pods start at once, with fixed names and IPs
kubectl cluster create fast --time-scale 0 --seed 7

# A cluster from kind's ingress guide config (kind-config.yaml), or from stdin
kubectl cluster create --config kind-config.yaml
cat kind-config.yaml | kubectl cluster create lab3 --config -`,
    usage:
      "cluster create [NAME] [--nodes N | --config FILE] [--seed S] [--time-scale X] [--no-load-balancer] [options]",
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
};
