// Images kubesim does not know. It cannot know what they run, so it guesses the common case,
// a web server on each declared TCP containerPort, and marks the process guessed: the kubelet
// says so in an event instead of passing the guess off as fact.
import { byteLength, httpDate } from "./http.js";
import { runContainer } from "./process.js";
import type { ContainerProcess, ImageModel } from "./types.js";

const BASIC_TOOLS = [
  "sh",
  "ls",
  "cat",
  "echo",
  "sleep",
  "env",
  "hostname",
  "mkdir",
  "rm",
  "cp",
  "mv",
  "grep",
];

export function guessedPage(hostname: string, image: string): string {
  return `<html><body><h1>${hostname}</h1><p>kubesim does not model the image ${image}; this page stands in for whatever it serves.</p></body></html>\n`;
}

export function guessedModel(image: string, repo: string): ImageModel {
  return {
    repo,
    shell: "sh",
    tools: BASIC_TOOLS,
    files: () => ({}),
    process: (spec): ContainerProcess => {
      if (spec.command?.length || spec.args?.length) {
        // Whatever the command names, assume the image has it.
        const argv = [...(spec.command ?? []), ...(spec.args ?? [])];
        const p = runContainer(spec, {
          entrypoint: [],
          cmd: [],
          sh: "ash",
          hasBash: argv.some((w) => w.endsWith("bash")),
          tools: [
            ...BASIC_TOOLS,
            ...argv.filter((w) => /^[\w./-]+$/.test(w)).map((w) => w.slice(w.lastIndexOf("/") + 1)),
          ],
          workingDir: "/",
        });
        return { ...p, guessed: true };
      }
      const listeners = spec.ports
        .filter((p) => (p.protocol ?? "TCP") === "TCP")
        .map((p) => ({
          port: p.containerPort,
          protocol: "TCP" as const,
          kind: "http" as const,
          handle: (_req: unknown, ctx: { hostname: string; nowMs: number }) => {
            const body = guessedPage(ctx.hostname, image);
            return {
              status: 200,
              reason: "OK",
              headers: [
                ["Date", httpDate(ctx.nowMs)],
                ["Content-Type", "text/html"],
                ["Content-Length", String(byteLength(body))],
              ] as [string, string][],
              body,
            };
          },
        }));
      return { listeners, description: `${image} (default command unknown)`, guessed: true };
    },
  };
}
