// registry.k8s.io/coredns/coredns:v1.11.3, kind v1.32's cluster DNS, as its process is seen
// from outside: the banner `kubectl logs -n kube-system -l k8s-app=kube-dns` prints (the
// server blocks it serves, the reload plugin's digest of the Corefile it read, its version),
// the health plugin's /health on 8080 and the ready plugin's /ready on 8181. The image is
// distroless (static, nonroot) with the one binary /coredns: `kubectl exec` finds no shell,
// ls or cat in it. Answering queries is the DNS model's (src/dns), not this one's.
import { digest } from "../util/digest.js";
import { forMethod, goResponse } from "./http.js";
import type { ContainerProcess, ImageModel, Listener } from "./types.js";

const VERSION = ["CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9"];

interface Token {
  line: number;
  text: string;
}

/** The Corefile's words with their line numbers, as caddyfile's lexer reads them: `#` comments out the rest of a line, quotes group. */
function lex(text: string): Token[] {
  const out: Token[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    let i = 0;
    while (i < line.length) {
      const ch = line[i] as string;
      if (/\s/.test(ch)) {
        i++;
        continue;
      }
      if (ch === "#") break;
      let word = "";
      if (ch === '"') {
        for (i++; i < line.length && line[i] !== '"'; i++) {
          if (line[i] === "\\" && line[i + 1] === '"') i++;
          word += line[i];
        }
        i++;
      } else {
        for (; i < line.length && !/\s/.test(line[i] as string); i++) word += line[i];
      }
      out.push({ line: n + 1, text: word });
    }
  }
  return out;
}

interface ServerBlock {
  keys: string[];
  tokens: Map<string, Token[]>;
}

/** Server blocks as caddyfile.Parse makes them: keys, then each directive with its arguments and nested block. */
function serverBlocks(text: string): ServerBlock[] | undefined {
  const toks = lex(text);
  const blocks: ServerBlock[] = [];
  let i = 0;
  while (i < toks.length) {
    const keys: string[] = [];
    for (; i < toks.length && toks[i]?.text !== "{"; i++)
      keys.push(...(toks[i] as Token).text.split(",").filter(Boolean));
    if (i >= toks.length || !keys.length) return undefined;
    i++;
    const tokens = new Map<string, Token[]>();
    for (;;) {
      const dir = toks[i];
      if (!dir) return undefined;
      i++;
      if (dir.text === "}") break;
      const list = tokens.get(dir.text) ?? [];
      list.push(dir);
      let nesting = 0;
      let prev = dir;
      for (; i < toks.length; i++) {
        const t = toks[i] as Token;
        if (t.text === "{") nesting++;
        else if (t.line !== prev.line && nesting === 0) break;
        else if (t.text === "}") {
          if (nesting === 0) break;
          nesting--;
        }
        list.push(t);
        prev = t;
      }
      tokens.set(dir.text, list);
    }
    blocks.push({ keys, tokens });
  }
  return blocks;
}

/** Go's json.Marshal of a string: JSON.stringify's, with <, > and & escaped as Go's HTML-safe encoder does. */
function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The reload plugin's "Running configuration SHA512": the digest of json.Marshal of the
 * parsed server blocks (keys, and each directive's tokens with their line numbers), so a
 * comment or blank line that moves no directive leaves it as it was. Undefined for a
 * Corefile that does not parse.
 */
export function corefileDigest(text: string): string | undefined {
  const blocks = serverBlocks(text);
  return blocks && digestOf(blocks);
}

function digestOf(blocks: ServerBlock[]): string {
  const json = `[${blocks
    .map((b) => {
      const dirs = [...b.tokens.keys()].sort();
      const tokens = dirs
        .map(
          (d) =>
            `${goString(d)}:[${(b.tokens.get(d) ?? [])
              .map((t) => `{"File":"","Line":${t.line},"Text":${goString(t.text)}}`)
              .join(",")}]`,
        )
        .join(",");
      return `{"Keys":[${b.keys.map(goString).join(",")}],"Tokens":{${tokens}}}`;
    })
    .join(",")}]`;
  return digest("sha512", json).toString("hex");
}

/** How CoreDNS names a server block's key in its banner: zone with its dot, and the port. */
function serverName(key: string): string {
  const m = /^(?:dns:\/\/)?([^:]*)(?::(\d+))?$/.exec(key);
  const zone = m?.[1] || ".";
  return `${zone.endsWith(".") ? zone : `${zone}.`}:${m?.[2] ?? "53"}`;
}

/** What CoreDNS prints as it starts with this Corefile. */
export function corednsBanner(corefile: string | undefined): string[] {
  const blocks = corefile === undefined ? undefined : serverBlocks(corefile);
  if (!blocks) return [];
  const servers = [...new Set(blocks.flatMap((b) => b.keys.map(serverName)))];
  const reload = blocks.some((b) => b.tokens.has("reload"));
  return [
    ...servers,
    ...(reload ? [`[INFO] plugin/reload: Running configuration SHA512 = ${digestOf(blocks)}`] : []),
    ...VERSION,
  ];
}

/** A plugin's HTTP endpoint: 200 "OK" on its path, Go's 404 elsewhere. */
function okEndpoint(port: number, path: string): Listener {
  return {
    port,
    protocol: "TCP",
    kind: "http",
    handle: (req, ctx) =>
      forMethod(
        req,
        req.path.split("?")[0] === path
          ? goResponse(200, "OK", ctx.nowMs)
          : goResponse(404, "404 page not found\n", ctx.nowMs, [["X-Content-Type-Options", "nosniff"]]),
      ),
  };
}

export const coredns: ImageModel = {
  repo: "registry.k8s.io/coredns/coredns",
  shell: null,
  tools: ["coredns"],
  files: () => ({}),
  process: (spec): ContainerProcess => {
    const args = [...(spec.command ?? []), ...(spec.args ?? [])];
    // -conf names the Corefile; without it CoreDNS reads ./Corefile from its working directory, /.
    const at = args.indexOf("-conf");
    const conf = at >= 0 ? (args[at + 1] ?? "") : "/Corefile";
    return {
      listeners: [okEndpoint(8080, "/health"), okEndpoint(8181, "/ready")],
      description: ["/coredns", ...args].join(" "),
      startupLog: (ctx) => corednsBanner(ctx.readFile?.(conf)),
    };
  },
  libc: "glibc",
};
