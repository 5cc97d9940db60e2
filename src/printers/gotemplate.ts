// kubectl's `-o go-template=...`, `-o go-template-file=FILE` and their aliases `-o template`
// and `-o templatefile` (k8s.io/cli-runtime printers/template.go): Go's text/template run
// over the object as JSON-decoded data, with kubectl's extra functions `exists` and
// `base64decode`. kubectl marshals the object to JSON and decodes it again, so integral
// numbers are int64 (`80`, never `80.0`) and several objects arrive as one List:
// {"apiVersion":"v1","items":[...],"kind":"List","metadata":{"resourceVersion":""}}.

import { formatV, goQuote } from "../golang/fmt.js";
import { execute } from "./gotemplate-exec.js";
import { type ListNode, ParseError, parseTemplate } from "./gotemplate-parse.js";
import { marshalCompact } from "./json.js";

/**
 * An error with kubectl's text. `message` is what kubectl writes after "error: " (the caller
 * adds "error: " and a newline); `stdout` is what kubectl had already written to stdout: the
 * partial output and, for an execution error, kubectl's "Error executing template" dump.
 */
export class TemplateError extends Error {
  stdout = "";
}

export interface GoTemplateOptions {
  /** --allow-missing-template-keys (default true): a missing key prints `<no value>`. */
  allowMissingKeys: boolean;
}

export interface GoTemplate {
  readonly source: string;
  readonly trees: Map<string, ListNode>;
}

/** kubectl's text when `-o go-template` (or `template`) comes with an empty template. */
export const NO_TEMPLATE = "template format specified but no template given";

/** kubectl's text when `-o go-template-file=FILE` cannot be read (FILE missing). */
export function templateFileError(file: string): string {
  return `error reading --template ${file}, open ${file}: no such file or directory`;
}

/** Parses like kubectl does before fetching anything; throws TemplateError on bad syntax. */
export function parseGoTemplate(source: string): GoTemplate {
  if (source === "") throw new TemplateError(NO_TEMPLATE);
  try {
    return { source, trees: parseTemplate(source) };
  } catch (e) {
    if (e instanceof ParseError) throw new TemplateError(`error parsing template ${source}, ${e.message}`);
    throw e;
  }
}

/** Runs a parsed template over one object (or the List kubectl builds for several). */
export function executeGoTemplate(t: GoTemplate, data: unknown, opts: GoTemplateOptions): string {
  const { output, error } = execute(t.source, t.trees, data, { missingKeyError: !opts.allowMissingKeys });
  if (!error) return output;
  const e = new TemplateError(`error executing template ${goQuote(t.source)}: ${error.message}`);
  // kubectl prints this to stdout, after whatever the template had written.
  e.stdout =
    output +
    `Error executing template: ${error.message}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${t.source}\n` +
    `\traw data was:\n\t\t${marshalCompact(data)}\n` +
    `\tobject given to template engine was:\n\t\t${formatV(data, true)}\n\n`;
  throw e;
}

/** What `kubectl get -o go-template=TEMPLATE` prints to stdout for `data`. */
export function printGoTemplate(template: string, data: unknown, opts: GoTemplateOptions): string {
  return executeGoTemplate(parseGoTemplate(template), data, opts);
}
