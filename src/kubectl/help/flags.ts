// The shapes of help texts, and the flag descriptions many of kubectl's commands share
// word for word (kubectl defines them once too, in cmdutil and genericclioptions).

/** A flag as kubectl's help shows it: its default as pflag prints it, and its description. */
export type FlagText = readonly [string, string];

export interface CommandHelp {
  /** The one line in command lists, when it differs from the commander description. */
  short?: string;
  long: string;
  /** Lines of `# comment` and `kubectl ...` commands; each command must work in kubesim (help.test.ts). */
  examples?: string;
  /** What follows `kubectl ` on the Usage line. */
  usage: string;
  /** kubectl's words for the flags, by long name; a flag not here shows its commander description. */
  flags?: Record<string, FlagText>;
  /**
   * Flags the verb parses itself (curl and trace hand their arguments through commander
   * untouched, since most of them are curl's): names as shown ("-c, --container"), default, text.
   */
  ownFlags?: readonly { names: string; def: string; text: string }[];
}

export const OUTPUT: FlagText = [
  "''",
  "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
];

export const DRY_RUN: FlagText = [
  "'none'",
  'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
];

// kubesim always validates as the API server does with strict validation; the flag is accepted so
// lab scripts that pass it run unchanged.
export const VALIDATE: FlagText = [
  "'strict'",
  'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
];

export const SAVE_CONFIG: FlagText = [
  "false",
  "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.",
];

export const SELECTOR: FlagText = [
  "''",
  "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
];

export const ALL_NAMESPACES: FlagText = [
  "false",
  "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
];

export const RECURSIVE: FlagText = [
  "false",
  "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
];

/** kubesim's flags for where a connection starts, which curl and trace parse themselves. */
export const VANTAGE_FLAGS: NonNullable<CommandHelp["ownFlags"]> = [
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
