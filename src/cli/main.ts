import type { SelectionMode } from "../files/select.js";
import type { Repo } from "../git/repo.js";
import type { HookResult } from "../report/finding.js";
import { formatJson } from "../report/json.js";
import { formatText, wantsColor } from "../report/text.js";
import { descriptorOutput } from "../runtime/stdio.js";
import { EXIT_FINDINGS, EXIT_OK, UsageError } from "./errors.js";
import { exitForError, prepareRun } from "./prepare.js";
import type { HookSpec, OptionValues } from "./spec.js";

/** Everything a hook needs to know about this run, resolved by the core. */
export interface HookContext {
  readonly spec: HookSpec;
  readonly options: OptionValues;
  readonly mode: SelectionMode;
  /** FILE arguments as given (FILE mode). */
  readonly files: readonly string[];
  readonly cwd: string;
  readonly repo: Repo | null;
  readonly exclude: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export type HookRun = (context: HookContext) => Promise<HookResult>;

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

const processIo = (): Io => ({
  cwd: process.cwd(),
  env: process.env,
  stdout: descriptorOutput(1),
  stderr: descriptorOutput(2),
});

/**
 * The shared contract, once for every hook: parse flags, merge `.ml-hygiene.yaml`, decide which
 * files, run the hook, print, and return the exit code (0 clean, 1 findings/modified, 2 usage).
 */
export async function runHook(
  spec: HookSpec,
  argv: readonly string[],
  run: HookRun,
  io: Io = processIo(),
): Promise<number> {
  try {
    const prepared = await prepareRun(spec, argv, io);
    if ("exit" in prepared) return prepared.exit;
    const { parsed, repo, options, mode } = prepared;
    if (mode !== "files" && !repo) {
      const why =
        mode === "all"
          ? "--all-files lists tracked files"
          : "no FILE arguments means: check the staged files";
      throw new UsageError(
        `${spec.id}: not inside a git repository (${why}) — run it from a git work tree, or pass FILE arguments`,
      );
    }
    const context: HookContext = {
      spec,
      options,
      mode,
      files: parsed.files,
      cwd: io.cwd,
      repo,
      exclude: (options.exclude as string[] | undefined) ?? [],
      env: io.env,
    };
    const result = await run(context);
    if (options.format === "json") io.stdout.write(formatJson(spec.id, result));
    else {
      // Asking whether stdout is a terminal loads node:tty (and net): only when there is output.
      const quiet = result.findings.length === 0 && result.modified.length === 0;
      const color = !quiet && wantsColor(io.stdout, io.env);
      io.stdout.write(formatText(spec.id, result, { color }));
    }
    for (const note of result.notes ?? []) io.stderr.write(`${note}\n`);
    if (result.findings.length > 0) return EXIT_FINDINGS;
    if (result.modified.length > 0 && !options.fix) return EXIT_FINDINGS;
    return EXIT_OK;
  } catch (error) {
    return exitForError(spec, error, io.stderr);
  }
}
