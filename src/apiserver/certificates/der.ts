// The few pieces of ASN.1 DER that a certificate signing request and the certificate issued
// for it are made of: reading a TLV and its children, writing one, and object identifiers.

export interface Tlv {
  tag: number;
  /** The whole element, header included (what a signature covers). */
  raw: Buffer;
  content: Buffer;
}

export class DerError extends Error {}

/** The element starting at `off`, and where the next one starts. */
export function readTlv(buf: Buffer, off = 0): { tlv: Tlv; next: number } {
  if (off + 2 > buf.length) throw new DerError("asn1: syntax error: data truncated");
  const tag = buf[off];
  let len = buf[off + 1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || off + 2 + n > buf.length)
      throw new DerError("asn1: syntax error: data truncated");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + 2 + i];
    hdr += n;
  }
  const end = off + hdr + len;
  if (end > buf.length) throw new DerError("asn1: syntax error: data truncated");
  return { tlv: { tag, raw: buf.subarray(off, end), content: buf.subarray(off + hdr, end) }, next: end };
}

/** The elements inside a constructed element. */
export function children(t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < t.content.length) {
    const { tlv, next } = readTlv(t.content, off);
    out.push(tlv);
    off = next;
  }
  return out;
}

/** One element whose content is the parts, concatenated. */
export function der(tag: number, ...parts: Buffer[]): Buffer {
  const content = Buffer.concat(parts);
  const n = content.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    head = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(head), content]);
}

export const SEQUENCE = 0x30;
export const SET = 0x31;

export function oidText(content: Buffer): string {
  const parts: number[] = [Math.floor(content[0] / 40), content[0] % 40];
  let v = 0;
  for (const b of content.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

export function oid(text: string): Buffer {
  const n = text.split(".").map(Number);
  const out = [n[0] * 40 + n[1]];
  for (const v of n.slice(2)) {
    const bytes = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) bytes.unshift((x & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return der(0x06, Buffer.from(out));
}

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  return der(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** UTCTime before 2050, GeneralizedTime after, as RFC 5280 asks. */
export function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return iso < "20500101000000"
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : der(0x18, Buffer.from(`${iso}Z`));
}
