// kubectl get's help: kubectl v1.32's words, trimmed of features kubesim lacks, with its examples
// where kubesim has the feature they show (help.test.ts runs every example).
import { ALL_NAMESPACES, type CommandHelp, SELECTOR } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  get: {
    long: `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `# List all pods in ps output format
kubectl get pods

# List all pods in ps output format with more information (such as node name)
kubectl get pods -o wide

# List deployments in JSON output format, in the "v1" version of the "apps" API group
kubectl get deployments.v1.apps -o json

# List a single pod in JSON output format
kubectl get -o json pod web-pod-13je7

# Return only the phase value of the specified pod
kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}

# List resource information in custom columns
kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

# List all deployments and services together in ps output format
kubectl get deployments,services

# List one or more resources by their type and names
kubectl get deployment/web service/frontend pods/web-pod-13je7

# List all deployments in namespace 'backend'
kubectl get deployments.apps --namespace backend

# List all pods existing in all namespaces
kubectl get pods --all-namespaces`,
    usage:
      "get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
    flags: {
      output: [
        "''",
        "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].",
      ],
      selector: SELECTOR,
      "field-selector": [
        "''",
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
      ],
      "all-namespaces": ALL_NAMESPACES,
      "show-labels": [
        "false",
        "When printing, show all labels as the last column (default hide labels column)",
      ],
      "label-columns": [
        "[]",
        "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...",
      ],
      "no-headers": [
        "false",
        "When using the default or custom-column output format, don't print headers (default print headers).",
      ],
      "ignore-not-found": [
        "false",
        "If the requested object does not exist the command will return exit code 0.",
      ],
      template: [
        "''",
        "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
      ],
      "allow-missing-template-keys": [
        "true",
        "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
      ],
      "sort-by": [
        "''",
        "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
      ],
      watch: ["false", "After listing/getting the requested object, watch for changes."],
      "watch-only": ["false", "Watch for changes to the requested object(s), without listing/getting first."],
    },
  },
};
