// Go literal syntax as text/template's parser reads it: strconv.ParseInt(s, 0, 64),
// strconv.ParseFloat and strconv.Unquote.

// strconv.ParseInt(text, 0, 64): sign, base prefix, underscores only between digits.
export function parseGoInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  let body = m[2];
  if (body.includes("_") && !/^(0[xXoObB]?)?(_?[0-9a-fA-F]+)*$/.test(body)) return undefined;
  body = body.replaceAll("_", "");
  let n: bigint;
  if (/^0[xXoObB]/.test(body)) n = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith("0")) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  if (m[1] === "-") n = -n;
  if (n >= 2n ** 63n || n < -(2n ** 63n)) return undefined;
  return Number(n);
}

export function parseGoFloat(text: string): number | undefined {
  // Hex floats (0x1p-2) are not supported: nobody writes them in a kubectl template.
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text.replaceAll("_", ""));
  return Number.isNaN(n) ? undefined : n;
}

/** strconv.Unquote of a double-quoted Go string; undefined on invalid syntax. */
export function unquoteGo(q: string): string | undefined {
  if (q.length < 2 || !q.startsWith('"') || !q.endsWith('"')) return undefined;
  const body = q.slice(1, -1);
  let out = "";
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString("utf8");
    bytes.length = 0;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "\n") return undefined;
    if (c !== "\\") {
      flush();
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      '"': '"',
    };
    if (e in simple) {
      flush();
      out += simple[e];
    } else if (e === "x" || e === "u" || e === "U") {
      const len = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
      i += len;
      const v = Number.parseInt(hex, 16);
      if (e === "x") bytes.push(v);
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
        flush();
        out += String.fromCodePoint(v);
      }
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = Number.parseInt(oct, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 2;
    } else return undefined;
  }
  flush();
  return out;
}
