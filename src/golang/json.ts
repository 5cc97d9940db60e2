// Go's encoding/json as it marshals an unstructured object (map[string]interface{}): compact,
// map keys sorted, and the HTML-significant characters and the JavaScript line separators
// escaped (json.Marshal's default HTMLEscape), as kubectl writes last-applied-configuration.

/** json.Marshal of a decoded object: `{"a":1,"b":"x \u0026 y"}`. */
export function goMarshal(v: unknown): string {
  const text = JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );
  // Outside strings JSON has none of these characters, so each one found is inside a string.
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
