// kubectl diff -f: what applying the files would change. For each object kubectl writes the
// live object and the result of a server-side dry run of the same apply as YAML into two
// temporary directories (LIVE-…, MERGED-…) and runs `diff -u -N` over them; kubesim writes
// that diff itself (util/unified-diff.ts) and runs no program, not even KUBECTL_EXTERNAL_DIFF.
// Exit status: 0 no differences, 1 differences, 2 an error (cmdutil.CheckDiffErr adds one).
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { ClientDecodeError } from "../apiserver/admit.js";
import { StatusError } from "../apiserver/errors.js";
import { resourceForManifest } from "../apiserver/resources.js";
import { toYaml } from "../printers/yaml.js";
import { Rng } from "../util/rng.js";
import { unifiedHunks } from "../util/unified-diff.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./diff.help.js";
import { ErrorList, formatStatus, toCliError } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import type { ManifestDoc } from "./manifests.js";
import { applyOne } from "./util/apply-one.js";
import { collect } from "./util/flags.js";
import { checkDoc, type FileOpts, loadDocs } from "./util/manifest-docs.js";
import { namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface DiffOpts extends FileOpts {
  showManagedFields?: boolean;
}

/** One object's two versions; an absent side is the empty file `diff -N` reads. */
interface Pair {
  name: string;
  live?: string;
  merged?: string;
}

/** kubectl's file name for an object: [group.]version.kind.namespace.name. */
function fileName(obj: KObject, ns: string): string {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  return `${group ? `${group}.` : ""}${version}.${obj.kind}.${ns}.${obj.metadata.name}`;
}

/**
 * kubectl's Masker: a Secret's values never reach the diff. Each key shows `***`, or
 * `*** (before)` / `*** (after)` when its value changes, so a change still shows.
 */
function maskSecrets(live: KObject | undefined, merged: KObject | undefined): void {
  const data = (o: KObject | undefined, field: string) =>
    o?.kind === "Secret"
      ? ((o as unknown as Record<string, Record<string, string> | undefined>)[field] ?? undefined)
      : undefined;
  for (const field of ["data", "stringData"]) {
    const a = data(live, field);
    const b = data(merged, field);
    for (const k of Object.keys(a ?? {})) {
      if (a && b && k in b && a[k] !== b[k]) {
        a[k] = "*** (before)";
        b[k] = "*** (after)";
      } else if (a) a[k] = "***";
    }
    for (const k of Object.keys(b ?? {})) if (b && !b[k].startsWith("***")) b[k] = "***";
  }
}

/** GNU diff's header time: `2006-01-02 15:04:05.000000000 +0000` (kubesim's clock is UTC). */
function diffTime(ms: number, nanos: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return `${date} ${time}.${p(nanos, 9)} +0000`;
}

/** CheckDiffErr: kubectl's own errors exit with 2, above diff's 1 for "differences". */
function exitTwo(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CliError) && !(e instanceof StatusError)) throw e;
    const ce = toCliError(e);
    throw new CliError(ce.message, ce.exitCode === 1 ? 2 : ce.exitCode);
  }
}

const EPOCH = "1970-01-01 00:00:00.000000000 +0000";

class DiffOptions implements VerbOptions<[]> {
  private docs: ManifestDoc[] = [];
  private readonly errors = new ErrorList();

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: DiffOpts,
  ) {}

  complete(): void {
    exitTwo(() => {
      this.docs = loadDocs(this.ctx, this.flags, this.errors, "diff");
    });
  }

  validate(): void {
    exitTwo(() => this.errors.throwIfAny());
  }

  async run(): Promise<void> {
    let pairs: Pair[] = [];
    let now = 0;
    try {
      [pairs, now] = await this.dryRuns();
    } catch (e) {
      exitTwo(() => {
        throw e;
      });
    }
    this.print(pairs, now);
  }

  /** Each document's live object and what the server-side dry run of its apply returns. */
  private dryRuns(): Promise<[Pair[], number]> {
    const { ctx, flags } = this;
    const ns = namespaceOf(flags);
    const pairs: Pair[] = [];
    // A read: the dry runs change nothing, so the snapshot is never written back.
    return session(ctx, flags).view((c) => {
      for (const doc of this.docs) {
        if (!checkDoc(doc, flags, this.errors)) this.errors.throwIfAny();
        try {
          const obj = doc.obj as KObject;
          const r = resourceForManifest(String(obj.apiVersion), String(obj.kind));
          const objNs = r?.namespaced ? obj.metadata?.namespace || ns : "";
          const live = r && obj.metadata?.name ? c.api.get(r, objNs, obj.metadata.name) : undefined;
          const merged = structuredClone(applyOne(c, structuredClone(doc), ns, true).obj);
          const liveCopy = live ? structuredClone(live) : undefined;
          maskSecrets(liveCopy, merged);
          pairs.push({
            name: fileName(merged, objNs),
            live: liveCopy ? toYaml(liveCopy) : undefined,
            merged: toYaml(merged),
          });
        } catch (e) {
          if (e instanceof ClientDecodeError)
            throw new CliError(`error: unable to decode "${doc.source}": ${e.message}`, 2);
          if (e instanceof StatusError) throw new CliError(formatStatus(e), 2);
          throw e;
        }
      }
      return [pairs, c.clock.nowMs()];
    });
  }

  /** What `diff -u -N LIVE-… MERGED-…` prints over the two directories, files in name order. */
  private print(pairs: Pair[], now: number): void {
    const { io } = this.ctx;
    const external = io.env.KUBECTL_EXTERNAL_DIFF;
    if (external)
      io.err(
        `kubesim: KUBECTL_EXTERNAL_DIFF="${external}" is not run (kubesim starts no program but kubectl edit's editor); this is diff -u -N's output\n`,
      );
    // MkdirTemp's random suffixes, drawn from the clock so a transcript replays them.
    const rng = Rng.forKey(`kubectl diff ${now}`);
    const liveDir = `/tmp/LIVE-${Math.floor(rng.next() * 4294967296)}`;
    const mergedDir = `/tmp/MERGED-${Math.floor(rng.next() * 4294967296)}`;
    const base = rng.int(900_000_000);
    let differs = false;
    const sorted = [...pairs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sorted.forEach((p, i) => {
      const hunks = unifiedHunks(p.live ?? "", p.merged ?? "");
      if (!hunks) return;
      differs = true;
      // The live files are all written before the merged ones, a few microseconds apart.
      const liveTime = p.live === undefined ? EPOCH : diffTime(now, base + i * 41_000);
      const mergedTime =
        p.merged === undefined ? EPOCH : diffTime(now, base + (pairs.length + i) * 41_000 + 9_000);
      const a = `${liveDir}/${p.name}`;
      const b = `${mergedDir}/${p.name}`;
      io.out(`diff -u -N ${a} ${b}\n--- ${a}\t${liveTime}\n+++ ${b}\t${mergedTime}\n${hunks}`);
    });
    if (differs) throw new CliError("", 1);
  }
}

export function registerDiff(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("diff")), HELP)
    .description("Diff the live version against a would-be applied version")
    .option(
      "-f, --filename <file>",
      "Filename, directory, or URL to files contains the configuration to diff",
      collect,
    )
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("--show-managed-fields", "If true, include managed fields in the diff")
    .action((flags: DiffOpts) => runVerb(new DiffOptions(ctx, flags)));
}
