// Where the output of scripted main processes is kept (logs.ts), apart from the code that
// reads it: the container file system (fs.ts) forgets a removed container's output, and
// logs.ts reads a container's files for a banner that prints its config's digest.
import type { KubeletContext } from "./context.js";

export const LOG_BUCKET = "containerlogs";

/** Forgets a removed container's stored output. */
export function forgetLog(c: KubeletContext, key: string): void {
  const bucket = c.api.objects.bucket(LOG_BUCKET);
  if (bucket.get(key)) bucket.delete(key);
}
