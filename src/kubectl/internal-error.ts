// A JavaScript failure inside kubesim (a TypeError from data of an unexpected shape, a
// RangeError from a stack or a string that grew too large) is kubesim's bug, not something
// kubectl would say. Its raw text ("Cannot read properties of undefined (reading 'pods')")
// would read like a kubectl error and mean nothing to the user, so the user gets one
// sentence saying what kind of failure it was and what to do; the raw text and the stack
// only with KUBESIM_DEBUG=1, for the bug report.

/** The errors only a bug throws: JavaScript's own classes, and anything that is not an Error. */
const JS_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

export function isInternalError(e: unknown): boolean {
  return !(e instanceof Error) || JS_ERRORS.some((cls) => e instanceof cls);
}

/** What went wrong, in words that do not quote the JavaScript message. */
function kindOf(e: unknown): string {
  if (!(e instanceof Error)) return "something that is not an error was thrown";
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return "it ran out of stack, most likely on input nested too deeply";
  if (e instanceof RangeError && /string length|array length/i.test(e.message))
    return "a text or list grew larger than it can hold";
  if (e instanceof TypeError) return "it met data of a shape it did not expect";
  return `an internal ${e.name}`;
}

/** The lines printed for an internal error (newline-terminated); with `debug`, the stack first. */
export function internalErrorText(e: unknown, debug: boolean): string {
  const details = debug ? `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n` : "";
  const hint = debug ? "" : " Run it again with KUBESIM_DEBUG=1 to see the details.";
  return (
    `${details}error: kubesim failed unexpectedly (${kindOf(e)}). This is a bug in kubesim, not a ` +
    `message from kubectl: please report it with the command that caused it.${hint}\n`
  );
}
