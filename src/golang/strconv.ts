// Go's strconv.Quote and strconv.IsPrint, which fmt's %q and %#U use too: kubectl, the
// apiserver and text/template all quote through them, so there is one port.

/** Made when first used: its Unicode classes cost every command's start about 1 ms. */
let printable: RegExp | undefined;

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: string): boolean {
  // ASCII is answered without the regex, whose compile cost an apply 2 ms: " " to "~" are
  // letters, digits, punctuation, symbols or the space; controls and DEL are not printable.
  const code = r.length === 1 ? r.charCodeAt(0) : -1;
  if (code >= 0 && code < 0x80) return code >= 0x20 && code < 0x7f;
  printable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
  return printable.test(r);
}

const NAMED_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

export interface QuoteOptions {
  /** `"` for strconv.Quote, `'` for strconv.QuoteRune. */
  quote?: string;
  /**
   * Escape U+FFFD as `\ufffd`. A JS string cannot hold the invalid UTF-8 that Go escapes
   * byte by byte; where a U+FFFD most likely stood for such bytes (text/template over
   * decoded input), it is shown escaped rather than as a printable rune.
   */
  escapeReplacement?: boolean;
}

/** strconv.Quote (or QuoteRune with quote `'`): printable runes kept, the rest escaped. */
export function quote(s: string, opts: QuoteOptions = {}): string {
  const q = opts.quote ?? '"';
  let out = q;
  for (const r of s) {
    const cp = r.codePointAt(0) ?? 0;
    if (r === q || r === "\\") out += `\\${r}`;
    else if (r === "\ufffd" && opts.escapeReplacement) out += "\\ufffd";
    else if (isPrint(r)) out += r;
    else if (NAMED_ESCAPES[r]) out += NAMED_ESCAPES[r];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return out + q;
}

/** fmt's %#U of a rune: `U+007D '}'`, or just `U+0001` when it is not printable. */
export function runeU(r: string): string {
  const cp = r.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return isPrint(r) ? `${hex} '${r}'` : hex;
}
