// The rune at a position of a JavaScript string, for the ports of Go's lexers and printers,
// which index strings that the loop bounds guarantee are long enough.

/** The code point starting at index i; i must be inside the string. */
export function runeAt(s: string, i: number): number {
  const c = s.codePointAt(i);
  if (c === undefined)
    throw new RangeError(`kubesim: no character at ${i} of a ${s.length}-character string`);
  return c;
}
