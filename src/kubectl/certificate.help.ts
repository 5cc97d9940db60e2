// kubectl certificate's help, kubectl v1.32's words (without -k, which kubesim lacks here).
import type { CommandHelp } from "./help/flags.js";
import { OUTPUT, RECURSIVE } from "./help/flags.js";

const flags = (verb: string): CommandHelp["flags"] => ({
  "allow-missing-template-keys": [
    "true",
    "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
  ],
  filename: ["[]", "Filename, directory, or URL to files identifying the resource to update"],
  force: ["false", `Update the CSR even if it is already ${verb}.`],
  output: OUTPUT,
  recursive: RECURSIVE,
  "show-managed-fields": [
    "false",
    "If true, keep the managedFields when printing objects in JSON or YAML format.",
  ],
  template: [
    "''",
    "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
  ],
});

export const HELP: Record<string, CommandHelp> = {
  certificate: {
    short: "Modify certificate resources",
    long: "Modify certificate resources.",
    usage: "certificate SUBCOMMAND [options]",
  },
  "certificate approve": {
    short: "Approve a certificate signing request",
    long: `Approve a certificate signing request.

 kubectl certificate approve allows a cluster admin to approve a certificate signing request (CSR). This action tells a certificate signing controller to issue a certificate to the requester with the attributes requested in the CSR.

 SECURITY NOTICE: Depending on the requested attributes, the issued certificate can potentially grant a requester access to cluster resources or to authenticate as a requested identity. Before approving a CSR, ensure you understand what the signed certificate can do.`,
    examples: `# Approve CSR 'csr-sqgzp'
kubectl certificate approve csr-sqgzp`,
    usage: "certificate approve (-f FILENAME | NAME) [options]",
    flags: flags("approved"),
  },
  "certificate deny": {
    short: "Deny a certificate signing request",
    long: `Deny a certificate signing request.

 kubectl certificate deny allows a cluster admin to deny a certificate signing request (CSR). This action tells a certificate signing controller to not to issue a certificate to the requester.`,
    examples: `# Deny CSR 'csr-sqgzp'
kubectl certificate deny csr-sqgzp`,
    usage: "certificate deny (-f FILENAME | NAME) [options]",
    flags: flags("denied"),
  },
};
