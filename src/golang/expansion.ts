// Kubernetes' variable expansion (third_party/forked/golang/expansion), which the kubelet
// applies to env values and to a container's command and args: `$(NAME)` becomes NAME's
// value when one is known and stays as written when not, `$$` is one `$`, and any other `$`
// is kept with the character after it.

/**
 * A context of MappingFuncFor: a map of variables, or a lookup by name (for one too large
 * to build, such as a namespace's Service variables) that answers undefined for an unknown name.
 */
export type ExpansionContext = Record<string, string> | ((name: string) => string | undefined);

/** MappingFuncFor: the first context that defines the name wins; an unknown name stays `$(NAME)`. */
export function mappingFor(...contexts: ExpansionContext[]): (name: string) => string {
  return (name) => {
    for (const vars of contexts) {
      if (typeof vars === "function") {
        const v = vars(name);
        if (v !== undefined) return v;
      } else if (Object.hasOwn(vars, name)) return vars[name];
    }
    return `$(${name})`;
  };
}

/** tryReadVariableName: what follows a `$`, as [text, isVariable, bytes consumed]. */
function readVariableName(rest: string): [string, boolean, number] {
  if (rest[0] === "$") return ["$", false, 1];
  if (rest[0] === "(") {
    const close = rest.indexOf(")", 1);
    // An unclosed reference is kept as written.
    return close < 0 ? ["$(", false, 1] : [rest.slice(1, close), true, close + 1];
  }
  return [`$${rest[0]}`, false, 1];
}

/** Expand: one pass over the input; a trailing `$` is kept. */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const [read, isVar, advance] = readVariableName(input.slice(cursor + 1));
    out += isVar ? mapping(read) : read;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
