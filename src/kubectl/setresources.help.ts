// kubectl set resources' help: kubectl v1.32's words, trimmed of the flags kubesim lacks
// (--local, -k, templates, field managers), with its examples where kubesim has the feature
// they show (help.test.ts runs every example).
import { type CommandHelp, DRY_RUN, OUTPUT, RECURSIVE, SELECTOR } from "./help/flags.js";

const LIST_TEXT =
  "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.";

export const HELP: Record<string, CommandHelp> = {
  "set resources": {
    long: `Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.

 For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.

 Possible resources include (case insensitive): Use "kubectl api-resources" for a complete list of supported resources..`,
    examples: `# Set a deployments nginx container cpu limits to "200m" and memory to "512Mi"
kubectl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi

# Set the resource request and limits for all containers in nginx
kubectl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi

# Remove the resource requests for resources on containers in nginx
kubectl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0`,
    usage: "set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]",
    flags: {
      all: ["false", "Select all resources, in the namespace of the specified resource types"],
      containers: [
        "'*'",
        "The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards",
      ],
      "dry-run": DRY_RUN,
      filename: ["[]", "Filename, directory, or URL to files identifying the resource to get from a server."],
      limits: ["''", LIST_TEXT],
      output: OUTPUT,
      recursive: RECURSIVE,
      requests: ["''", LIST_TEXT],
      selector: SELECTOR,
    },
  },
};
