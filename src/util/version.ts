// Dotted release numbers ("1.28.4", "1.36") compared part by part, as numbers.

/** Whether release `v` is older than `than`: "1.28.4" is before "1.29", "1.36.1" is not before "1.36". */
export function versionBefore(v: string, than: string): boolean {
  const a = v.split(".").map(Number);
  const b = than.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}
