// kubectl proxy --www: Go's http.FileServer over the directory the user names (read only):
// a file with its type, length and modification time, a directory's index.html, or Go's
// plain listing of it.
import * as fs from "node:fs";
import * as path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export interface StaticAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const text = (status: number, s: string): StaticAnswer => ({
  status,
  headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  body: Buffer.from(s),
});

/** `rel` is the request path after the prefix, with its leading slash. */
export function serveStatic(dir: string, rel: string): StaticAnswer {
  const clean = path.posix.normalize(decodeURIComponent(rel));
  const file = path.join(dir, clean);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return text(404, "404 page not found\n");
  }
  if (st.isDirectory()) {
    if (!rel.endsWith("/"))
      return { status: 301, headers: { Location: `${path.posix.basename(rel)}/` }, body: Buffer.alloc(0) };
    const index = path.join(file, "index.html");
    if (fs.existsSync(index)) return serveFile(index, fs.statSync(index));
    const names = fs
      .readdirSync(file, { withFileTypes: true })
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort();
    const html = `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${names.map((n) => `<a href="${encodeURI(n)}">${n}</a>`).join("\n")}\n</pre>\n`;
    return {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8", "Last-Modified": st.mtime.toUTCString() },
      body: Buffer.from(html),
    };
  }
  return serveFile(file, st);
}

function serveFile(file: string, st: fs.Stats): StaticAnswer {
  const body = fs.readFileSync(file);
  return {
    status: 200,
    headers: {
      "Accept-Ranges": "bytes",
      "Content-Length": String(body.length),
      "Content-Type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "Last-Modified": st.mtime.toUTCString(),
    },
    body,
  };
}
