// The help of the kubectl config subcommands kubesim has: kubectl v1.32's words, trimmed of
// features kubesim lacks, with its examples where kubesim has the feature they show (help.test.ts
// runs every example).
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  config: {
    long: `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`,
    usage: "config SUBCOMMAND [options]",
  },
  "config get-contexts": {
    long: `Display one or many contexts from the kubeconfig file.`,
    examples: `# List all the contexts in your kubeconfig file
kubectl config get-contexts

# Describe one context in your kubeconfig file
kubectl config get-contexts my-context`,
    usage: "config get-contexts [(-o|--output=)name)] [options]",
    flags: {
      output: ["''", "Output format. One of: (name)."],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
    },
  },
  "config current-context": {
    long: `Display the current-context.`,
    examples: `# Display the current-context
kubectl config current-context`,
    usage: "config current-context [flags] [options]",
  },
  "config use-context": {
    long: `Set the current-context in a kubeconfig file.`,
    examples: `# Use the context for the minikube cluster
kubectl config use-context minikube`,
    usage: "config use-context CONTEXT_NAME [options]",
  },
  "config view": {
    long: `Display merged kubeconfig settings or a specified kubeconfig file.

 You can use --output jsonpath={...} to extract specific values using a jsonpath expression.`,
    examples: `# Show merged kubeconfig settings
kubectl config view

# Show merged kubeconfig settings, raw certificate data, and exposed secrets
kubectl config view --raw`,
    usage: "config view [flags] [options]",
    flags: {
      "allow-missing-template-keys": [
        "true",
        "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
      ],
      flatten: [
        "false",
        "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)",
      ],
      merge: ["true", "Merge the full hierarchy of kubeconfig files"],
      minify: ["false", "Remove all information not used by current-context from the output"],
      output: [
        "'yaml'",
        "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
      ],
      raw: ["false", "Display raw byte data and sensitive data"],
      "show-managed-fields": [
        "false",
        "If true, keep the managedFields when printing objects in JSON or YAML format.",
      ],
      template: [
        "''",
        "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
      ],
    },
  },
  "config set-context": {
    long: `Set a context entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
    examples: `# Set the user field on the gce context entry without touching other values
kubectl config set-context gce --user=cluster-admin`,
    usage:
      "config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]",
    flags: {
      cluster: ["''", "cluster for the context entry in kubeconfig"],
      current: ["false", "Modify the current context"],
      namespace: ["''", "namespace for the context entry in kubeconfig"],
      user: ["''", "user for the context entry in kubeconfig"],
    },
  },
  "config get-clusters": {
    long: `Display clusters defined in the kubeconfig.`,
    examples: `# List the clusters that kubectl knows about
kubectl config get-clusters`,
    usage: "config get-clusters [flags] [options]",
  },
  "config get-users": {
    long: `Display users defined in the kubeconfig.`,
    examples: `# List the users that kubectl knows about
kubectl config get-users`,
    usage: "config get-users [flags] [options]",
  },
  "config delete-context": {
    long: `Delete the specified context from the kubeconfig.`,
    usage: "config delete-context NAME [options]",
  },
  "config delete-cluster": {
    long: `Delete the specified cluster from the kubeconfig.`,
    usage: "config delete-cluster NAME [options]",
  },
  "config delete-user": {
    long: `Delete the specified user from the kubeconfig.`,
    usage: "config delete-user NAME [options]",
  },
  "config rename-context": {
    long: `Renames a context from the kubeconfig file.

 CONTEXT_NAME is the context name that you want to change.

 NEW_NAME is the new name you want to set.

 Note: If the context being renamed is the 'current-context', this field will also be updated.`,
    usage: "config rename-context CONTEXT_NAME NEW_NAME [options]",
  },
  "config set-cluster": {
    long: `Set a cluster entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
    usage:
      "config set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [options]",
    flags: {
      "certificate-authority": [
        "''",
        "Path to certificate-authority file for the cluster entry in kubeconfig",
      ],
      "embed-certs": ["false", "embed-certs for the cluster entry in kubeconfig"],
      "insecure-skip-tls-verify": ["false", "insecure-skip-tls-verify for the cluster entry in kubeconfig"],
      "proxy-url": ["''", "proxy-url for the cluster entry in kubeconfig"],
      server: ["''", "server for the cluster entry in kubeconfig"],
      "tls-server-name": ["''", "tls-server-name for the cluster entry in kubeconfig"],
    },
  },
  "config set-credentials": {
    long: `Set a user entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values.

        Client-certificate flags:
        --client-certificate=certfile --client-key=keyfile
        
        Bearer token flags:
        --token=bearer_token
        
        Basic auth flags:
        --username=basic_user --password=basic_password
        
 Bearer token and basic auth are mutually exclusive.`,
    usage:
      "config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [options]",
    flags: {
      "client-certificate": ["''", "Path to client-certificate file for the user entry in kubeconfig"],
      "client-key": ["''", "Path to client-key file for the user entry in kubeconfig"],
      "embed-certs": ["false", "Embed client cert/key for the user entry in kubeconfig"],
      password: ["''", "password for the user entry in kubeconfig"],
      token: ["''", "token for the user entry in kubeconfig"],
      username: ["''", "username for the user entry in kubeconfig"],
    },
  },
  "config set": {
    long: `Set an individual value in a kubeconfig file.

 PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.

 PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.

 Specifying an attribute name that already exists will merge new fields on top of existing values.`,
    usage: "config set PROPERTY_NAME PROPERTY_VALUE [options]",
    flags: {
      "set-raw-bytes": [
        "false",
        "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.",
      ],
    },
  },
  "config unset": {
    long: `Unset an individual value in a kubeconfig file.

 PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.`,
    usage: "config unset PROPERTY_NAME [options]",
  },
};
