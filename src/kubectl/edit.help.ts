// kubectl edit's help: kubectl v1.32's words, trimmed of the flags kubesim lacks (-k,
// --subresource, templates, field managers). Its examples are left out: help.test.ts runs
// every example, and each of these would start the learner's editor.
import { type CommandHelp, RECURSIVE } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  edit: {
    long: `Edit a resource from the default editor.

 The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to use the shell that has been defined in the 'SHELL' environment variable. If this is not defined, the default shell will be used, which is '/bin/bash' for Linux or 'cmd' for Windows.

 You can edit multiple objects, although changes are applied one at a time. The command accepts file names as well as command-line arguments, although the files you point to must be previously saved versions of resources.

 Editing is done with the API version used to fetch the resource. To edit using a specific API version, fully-qualify the resource, version, and group.

 The default format is YAML. To edit in JSON, specify "-o json".

 The flag --windows-line-endings can be used to force Windows line endings, otherwise the default for your operating system will be used.

 In the event an error occurs while updating, a temporary file will be created on disk that contains your unapplied changes. The most common error when updating a resource is another editor changing the resource on the server. When this occurs, you will have to apply your changes to the newer version of the resource, or update your temporary saved copy to include the latest resource version.`,
    usage: "edit (RESOURCE/NAME | -f FILENAME) [options]",
    flags: {
      filename: ["[]", "Filename, directory, or URL to files to use to edit the resource"],
      output: [
        "''",
        "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
      ],
      "output-patch": ["false", "Output the patch if the resource is edited."],
      recursive: RECURSIVE,
      "save-config": [
        "false",
        "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.",
      ],
      "show-managed-fields": [
        "false",
        "If true, keep the managedFields when printing objects in JSON or YAML format.",
      ],
      validate: [
        "'strict'",
        `Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.`,
      ],
      "windows-line-endings": ["false", "Defaults to the line ending native to your platform."],
    },
  },
};
