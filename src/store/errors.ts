// The store's failures, said as sentences a learner can act on: what could not be read or
// written, where, and what to do. No Node error text reaches the terminal from here.

/** A failure of the state on disk; the CLI prints its message as it is and exits 1. */
export class StoreError extends Error {}

/** The bytes that reached a file are not the bytes kubesim wrote (a short write, a lying disk). */
export class ShortWrite extends Error {}

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  ENOENT: "no such file or directory",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many symbolic links",
};

/** The reason of a file system error in words (`no space left on device`), for messages. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code];
  if (e instanceof ShortWrite) return e.message;
  return code ? `file system error ${code}` : "unexpected file system failure";
}

export function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
