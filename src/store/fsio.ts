// The file system calls the store makes, as one small interface, so a test can put a double
// in front of the disk (a write that stops halfway, a disk that fills up) and watch the
// store keep the previous state and say what happened.
import * as fs from "node:fs";

export type StoreFs = Pick<
  typeof fs,
  | "openSync"
  | "writeSync"
  | "fsyncSync"
  | "fsync"
  | "fstatSync"
  | "readSync"
  | "closeSync"
  | "readFileSync"
  | "renameSync"
  | "linkSync"
  | "unlinkSync"
  | "unlink"
  | "readdirSync"
  | "mkdirSync"
  | "rmSync"
  | "statSync"
  | "lstatSync"
  | "existsSync"
>;

export const nodeFs: StoreFs = fs;
