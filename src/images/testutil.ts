// Test helpers: a container's file tree as a map, and requests as curl sends them.
import type { DirEntry, HttpRequest, ServeContext } from "./types.js";

export const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);

export function ctxWith(files: Record<string, string>, extra: Partial<ServeContext> = {}): ServeContext {
  const listDir = (dir: string): DirEntry[] | undefined => {
    const prefix = dir === "/" ? "/" : `${dir.replace(/\/$/, "")}/`;
    const names = new Map<string, DirEntry>();
    for (const p of Object.keys(files)) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf("/");
      const name = slash < 0 ? rest : rest.slice(0, slash);
      names.set(name, { name, type: slash < 0 ? "file" : "dir" });
    }
    return names.size ? [...names.values()] : undefined;
  };
  return { podName: "web-0", hostname: "web-0", nowMs: NOW, readFile: (p) => files[p], listDir, ...extra };
}

export function get(path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: "GET",
    path,
    headers: [
      ["Host", "10.244.1.5"],
      ["User-Agent", "curl/8.5.0"],
      ["Accept", "*/*"],
    ],
    body: "",
    clientIP: "10.244.1.1",
    host: "10.244.1.5",
    ...extra,
  };
}
