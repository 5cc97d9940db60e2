// A command's output goes to file descriptors 1 and 2 with fs.writeSync, not through
// process.stdout and process.stderr: the first touch of either builds a stream object whose
// modules (tty, net, stream) Node compiles at every start, about 5 ms of a 25 ms process. A
// terminal still gets Node's stream (its width, the interactive shell's readline), as do
// the terminal checks themselves, which load tty only for a character device that is not
// /dev/null.
import * as fs from "node:fs";
import { isatty } from "node:tty";

let devNullRdev: number | undefined;

/** Whether `fd` is a terminal, as isatty(3) says, without loading tty for files and pipes. */
export function isTerminal(fd: number): boolean {
  let st: fs.Stats;
  try {
    st = fs.fstatSync(fd);
  } catch {
    return false;
  }
  if (!st.isCharacterDevice()) return false;
  try {
    devNullRdev ??= fs.statSync("/dev/null").rdev;
    if (st.rdev === devNullRdev) return false;
  } catch {
    // No /dev/null to compare with: ask the terminal driver.
  }
  return isatty(fd);
}

/** Something to wait on for a millisecond: Atomics.wait sleeps without spinning. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `s` to `fd`. A descriptor another process left non-blocking (a pipe shared
 * with it) may take part of a write or none (EAGAIN): the rest is written when it drains,
 * as Node's own pipe writes wait. Other errors (EPIPE: the reader went away) are thrown.
 */
export function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
