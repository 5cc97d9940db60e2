// The errors of the in-memory file tree (vfs.ts), named by their errno as the kernel's are,
// with strerror()'s text for the messages commands print.

const STRERROR = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EEXIST: "File exists",
  ENOTEMPTY: "Directory not empty",
  EINVAL: "Invalid argument",
  EBUSY: "Device or resource busy",
  ENOSPC: "No space left on device",
  ENAMETOOLONG: "File name too long",
  EROFS: "Read-only file system",
};

export type VfsErrorCode = keyof typeof STRERROR;

export class VfsError extends Error {
  constructor(
    readonly code: VfsErrorCode,
    readonly path: string,
  ) {
    super(STRERROR[code]);
  }
}

/** strerror() text of a VFS failure, for commands' messages. */
export function errText(e: unknown): string {
  if (e instanceof VfsError) return e.message;
  throw e;
}
