// kubectl reads `-f` files, template files and standard input whole, however large: real
// kubectl on /dev/zero grows until the machine runs out of memory. kubesim stops reading one
// file (or stdin) at a fixed size instead and says so, so a character device or an endless
// pipe fails in a moment rather than taking the machine down.
import * as fs from "node:fs";
import { CliError } from "./io.js";

/** The most kubesim reads from one file or from standard input. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const MIB = 1024 * 1024;

/** Thrown with the exact text kubesim prints; `name` is the file or "standard input". */
export class InputTooLargeError extends CliError {
  constructor(name: string) {
    super(
      `error: ${name}: larger than ${MAX_INPUT_BYTES / MIB} MiB; kubesim reads at most ${MAX_INPUT_BYTES / MIB} MiB from one file or from standard input`,
    );
  }
}

/**
 * Reads `fd` to its end, or throws InputTooLargeError once more than MAX_INPUT_BYTES have
 * come. A non-blocking pipe (stdin under some parents) answers EAGAIN until data arrives.
 */
export function readFdBounded(fd: number, name: string, limit = MAX_INPUT_BYTES): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      // A closed stdin reads as empty, as it did before the limit.
      if (code === "EOF" || code === "EBADF") break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new InputTooLargeError(name);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** readFileSync with the size limit; errors from open and read are the same as readFileSync's. */
export function readFileBounded(path: string, limit = MAX_INPUT_BYTES): Buffer {
  const fd = fs.openSync(path, "r");
  try {
    return readFdBounded(fd, path, limit);
  } finally {
    fs.closeSync(fd);
  }
}
