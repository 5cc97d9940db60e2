// kubectl events' help: kubectl v1.32's words, trimmed of the flags kubesim lacks (--chunk-size,
// --show-managed-fields); help.test.ts runs every example.
import { ALL_NAMESPACES, type CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  events: {
    long: `Display events.

 Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.`,
    examples: `# List recent events in the default namespace
kubectl events

# List recent events in all namespaces
kubectl events --all-namespaces

# List recent events for the specified pod, then wait for more events and list them as they arrive
kubectl events --for pod/web-pod-13je7 --watch

# List recent events in YAML format
kubectl events -oyaml

# List recent only events of type 'Warning' or 'Normal'
kubectl events --types=Warning,Normal`,
    usage:
      "events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]",
    flags: {
      "all-namespaces": ALL_NAMESPACES,
      "allow-missing-template-keys": [
        "true",
        "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
      ],
      for: ["''", "Filter events to only those pertaining to the specified resource."],
      "no-headers": ["false", "When using the default output format, don't print headers."],
      output: [
        "''",
        "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
      ],
      template: [
        "''",
        "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
      ],
      types: ["[]", "Output only events of given types."],
      watch: ["false", "After listing the requested events, watch for more events."],
    },
  },
};
