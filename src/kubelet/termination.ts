// A container's termination message, as the kubelet reads it when the container exits
// (kuberuntime's getTerminationMessage): the file at terminationMessagePath, which the
// kubelet mounts into the container (default /dev/termination-log), up to 4096 bytes; with
// terminationMessagePolicy FallbackToLogsOnError, a failed container that left the file empty
// gets the end of its log instead (the last 80 lines, at most 2048 bytes).
import type { Container } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import type { KubeletContext } from "./context.js";
import { containerFs, DEFAULT_TERMINATION_PATH } from "./fs.js";
import { containerLogs } from "./logs.js";

const MAX_MESSAGE_BYTES = 4096;
const MAX_LOG_LINES = 80;
const MAX_LOG_BYTES = 2048;

/** The last `max` bytes of `text` (a cut character is dropped, as Go's string slicing would show it). */
function tailBytes(text: string, max: number): string {
  const b = Buffer.from(text, "utf8");
  return b.length <= max ? text : b.subarray(b.length - max).toString("utf8");
}

export function terminationMessage(
  c: KubeletContext,
  pod: Pod,
  ctr: Container,
  exitCode: number,
  nowMs: number,
): string | undefined {
  const path = ctr.terminationMessagePath || DEFAULT_TERMINATION_PATH;
  const fs = containerFs(c, pod, ctr.name);
  const written = fs.exists(path) && !fs.isDir(path) ? fs.read(path) : "";
  if (written) return Buffer.from(written, "utf8").subarray(0, MAX_MESSAGE_BYTES).toString("utf8");
  if (ctr.terminationMessagePolicy !== "FallbackToLogsOnError" || exitCode === 0) return undefined;
  const lines = containerLogs(c, pod, ctr.name, nowMs).slice(-MAX_LOG_LINES);
  const text = lines.map((l) => `${l.line}\n`).join("");
  return text ? tailBytes(text, MAX_LOG_BYTES) : undefined;
}
