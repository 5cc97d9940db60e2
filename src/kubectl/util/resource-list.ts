// kubectl's populateResourceListV1: `cpu=100m,memory=256Mi` as a ResourceList, for `create
// quota --hard` and `set resources --limits/--requests`, with kubectl's parsing errors. The
// keys are sorted, as Go marshals a map.
import { formatQuantity, parseQuantity } from "../../golang/quantity.js";
import { CliError } from "../io.js";

export function resourceListArg(spec: string): Record<string, string> | undefined {
  if (spec === "") return undefined;
  const out: Record<string, string> = {};
  for (const stmt of spec.split(",")) {
    const parts = stmt.split("=");
    if (parts.length !== 2)
      throw new CliError(`error: Invalid argument syntax ${stmt}, expected <resource>=<value>`);
    const q = parseQuantity(parts[1]);
    if (typeof q === "string") throw new CliError(`error: ${q}`);
    out[parts[0]] = formatQuantity(q);
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}
