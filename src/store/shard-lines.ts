// The one-entry-a-line layout of shard files (shard.ts), line by line: whether a file is
// framed as that layout, and where a line's key and value are, read from the bytes or, for
// an ASCII file, from its Latin-1 text (same offsets).

/**
 * The entry on the line of a framed file that starts at `line`: its key, where its value
 * starts and ends, and where the line's newline is (the closing "\n}\n"'s for the last).
 * Undefined when the line is not `"key":{...}` followed by the comma that separates every
 * entry but the last from the next.
 */
export function entryAt(b: Buffer, line: number): Entry | undefined {
  const stop = b.length - 3;
  let nl = b.indexOf(10, line);
  if (nl < 0 || nl > stop) nl = stop;
  const end = nl === stop ? nl : nl - 1;
  if (nl !== stop && b[end] !== 44) return undefined;
  const key = keyOf(b, line, end);
  // Entries are objects.
  if (!key || b[key[1]] !== 123 || b[end - 1] !== 125) return undefined;
  return { key: key[0], value: key[1], end, nl };
}

/** entryAt over the file's ASCII text (same offsets); a key with an escape goes to entryAt. */
export function textEntryAt(text: string, b: Buffer, line: number): Entry | undefined {
  const stop = text.length - 3;
  let nl = text.indexOf("\n", line);
  if (nl < 0 || nl > stop) nl = stop;
  const end = nl === stop ? nl : nl - 1;
  if (nl !== stop && text.charCodeAt(end) !== 44) return undefined;
  if (text.charCodeAt(line) !== 34) return undefined;
  const q = text.indexOf('"', line + 1);
  if (q < 0 || q >= end) return undefined;
  const key = text.slice(line + 1, q);
  if (key.includes("\\")) return entryAt(b, line);
  if (text.charCodeAt(q + 1) !== 58 || text.charCodeAt(q + 2) !== 123 || text.charCodeAt(end - 1) !== 125)
    return undefined;
  return { key, value: q + 2, end, nl };
}

export interface Entry {
  key: string;
  value: number;
  end: number;
  nl: number;
}

/** Whether the bytes begin and end as the one-entry-a-line layout does: "{\n" ... "\n}\n". */
export function framed(b: Buffer): boolean {
  const n = b.length;
  return n >= 4 && b[0] === 123 && b[1] === 10 && b[n - 3] === 10 && b[n - 2] === 125 && b[n - 1] === 10;
}

/** The key of the entry at b[from, end) and where its value starts, or undefined when it is not `"key":`. */
function keyOf(b: Buffer, from: number, end: number): [string, number] | undefined {
  if (b[from] !== 34) return undefined;
  let p = from + 1;
  let escaped = false;
  for (; p < end; p++) {
    const c = b[p];
    if (c === 92) {
      escaped = true;
      p++;
    } else if (c === 34) break;
  }
  if (p >= end || b[p + 1] !== 58) return undefined;
  if (!escaped) return [b.toString("utf8", from + 1, p), p + 2];
  try {
    return [JSON.parse(b.toString("utf8", from, p + 1)) as string, p + 2];
  } catch {
    return undefined;
  }
}
