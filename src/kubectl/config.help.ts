// The help of the kubectl config subcommands: kubectl v1.32's words, examples and flags, so
// that --help reads as kubectl's (help.test.ts runs every example; those kubesim cannot carry
// out, such as adding a cluster, answer with its own sentence rather than an unknown flag).
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
kubectl config view --raw

# Get the password for the e2e user
kubectl config view -o jsonpath='{.users[?(@.name == "e2e")].user.password}'`,
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
    examples: `# Delete the context for the minikube cluster
kubectl config delete-context minikube`,
    usage: "config delete-context NAME [options]",
  },
  "config delete-cluster": {
    long: `Delete the specified cluster from the kubeconfig.`,
    examples: `# Delete the minikube cluster
kubectl config delete-cluster minikube`,
    usage: "config delete-cluster NAME [options]",
  },
  "config delete-user": {
    long: `Delete the specified user from the kubeconfig.`,
    examples: `# Delete the minikube user
kubectl config delete-user minikube`,
    usage: "config delete-user NAME [options]",
  },
  "config rename-context": {
    long: `Renames a context from the kubeconfig file.

 CONTEXT_NAME is the context name that you want to change.

 NEW_NAME is the new name you want to set.

 Note: If the context being renamed is the 'current-context', this field will also be updated.`,
    examples: `# Rename the context 'old-name' to 'new-name' in your kubeconfig file
kubectl config rename-context old-name new-name`,
    usage: "config rename-context CONTEXT_NAME NEW_NAME [options]",
  },
  "config set-cluster": {
    long: `Set a cluster entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
    examples: `# Set only the server field on the e2e cluster entry without touching other values
kubectl config set-cluster e2e --server=https://1.2.3.4

# Embed certificate authority data for the e2e cluster entry
kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt

# Disable cert checking for the e2e cluster entry
kubectl config set-cluster e2e --insecure-skip-tls-verify=true

# Set the custom TLS server name to use for validation for the e2e cluster entry
kubectl config set-cluster e2e --tls-server-name=my-cluster-name

# Set the proxy URL for the e2e cluster entry
kubectl config set-cluster e2e --proxy-url=https://1.2.3.4`,
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
    examples: `# Set only the "client-key" field on the "cluster-admin"
# entry, without touching other values
kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key

# Set basic auth for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif

# Embed client certificate data in the "cluster-admin" entry
kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true

# Enable the Google Compute Platform auth provider for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --auth-provider=gcp

# Enable the OpenID Connect auth provider for the "cluster-admin" entry with additional arguments
kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar

# Remove the "client-secret" config value for the OpenID Connect auth provider for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-

# Enable new exec auth plugin for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1

# Enable new exec auth plugin for the "cluster-admin" entry with interactive mode
kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-interactive-mode=Never

# Define new exec auth plugin arguments for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --exec-arg=arg1 --exec-arg=arg2

# Create or update exec auth plugin environment variables for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --exec-env=key1=val1 --exec-env=key2=val2

# Remove exec auth plugin environment variables for the "cluster-admin" entry
kubectl config set-credentials cluster-admin --exec-env=var-to-remove-`,
    usage:
      "config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [options]",
    flags: {
      "auth-provider": ["''", "Auth provider for the user entry in kubeconfig"],
      "auth-provider-arg": ["[]", "'key=value' arguments for the auth provider"],
      "exec-api-version": [
        "''",
        "API version of the exec credential plugin for the user entry in kubeconfig",
      ],
      "exec-arg": [
        "[]",
        "New arguments for the exec credential plugin command for the user entry in kubeconfig",
      ],
      "exec-command": ["''", "Command for the exec credential plugin for the user entry in kubeconfig"],
      "exec-env": ["[]", "'key=value' environment values for the exec credential plugin"],
      "exec-interactive-mode": [
        "''",
        "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig",
      ],
      "exec-provide-cluster-info": [
        "false",
        "ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig",
      ],
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
    examples: `# Set the server field on the my-cluster cluster to https://1.2.3.4
kubectl config set clusters.my-cluster.server https://1.2.3.4

# Set the certificate-authority-data field on the my-cluster cluster
kubectl config set clusters.my-cluster.certificate-authority-data $(echo "cert_data_here" | base64 -i -)

# Set the cluster field in the my-context context to my-cluster
kubectl config set contexts.my-context.cluster my-cluster

# Set the client-key-data field in the cluster-admin user using --set-raw-bytes option
kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true`,
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
    examples: `# Unset the current-context
kubectl config unset current-context

# Unset namespace in foo context
kubectl config unset contexts.foo.namespace`,
    usage: "config unset PROPERTY_NAME [options]",
  },
};
