import type { SelectionMode } from "../files/select.js";
import { findRepo, type Repo } from "../git/repo.js";
import { GitError } from "../git/run.js";
import { OutputError } from "../runtime/stdio.js";
import { VERSION } from "../version.js";
import { loadConfig, mergeOptions } from "./config.js";
import { EXIT_OK, EXIT_USAGE, UsageError } from "./errors.js";
import { formatHelp } from "./help.js";
import { type ParsedArgs, parseArgs } from "./parse-args.js";
import type { HookSpec, OptionValues } from "./spec.js";

/** A run after the steps every hook shares, or the exit code when --help/--version ended it. */
export type Prepared =
  | { readonly exit: number }
  | {
      readonly parsed: ParsedArgs;
      readonly repo: Repo | null;
      readonly options: OptionValues;
      readonly mode: SelectionMode;
    };

interface PrepareIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(text: string): unknown };
}

/** Parse flags, answer --help/--version, find the repository and merge `.ml-hygiene.yaml`. */
export async function prepareRun(
  spec: HookSpec,
  argv: readonly string[],
  io: PrepareIo,
): Promise<Prepared> {
  const parsed = parseArgs(spec, argv);
  if (parsed.values.help) {
    io.stdout.write(formatHelp(spec));
    return { exit: EXIT_OK };
  }
  if (parsed.values.version) {
    io.stdout.write(`${spec.id} (ml-hygiene) ${VERSION}\n`);
    return { exit: EXIT_OK };
  }
  const repo = findRepo(io.cwd, io.env);
  const config = repo ? await loadConfig(repo.root, spec) : {};
  const options = mergeOptions(spec, config, parsed.values, parsed.given);
  return { parsed, repo, options, mode: selectionMode(spec, parsed.files, options) };
}

/** FILE arguments, the staged files (the default) or --all-files; never two at once. */
function selectionMode(
  spec: HookSpec,
  files: readonly string[],
  options: OptionValues,
): SelectionMode {
  const all = options["all-files"] === true;
  const staged = options.staged === true;
  if (all && staged)
    throw new UsageError(`${spec.id}: --all-files and --staged exclude each other — pick one`);
  if (files.length > 0 && (all || staged)) {
    throw new UsageError(
      `${spec.id}: FILE arguments cannot be combined with ${all ? "--all-files" : "--staged"} — drop one`,
    );
  }
  if (all) return "all";
  return files.length > 0 ? "files" : "staged";
}

/** Usage and git setup errors become one line on stderr and exit 2; anything else is a bug. */
export function exitForError(
  spec: HookSpec,
  error: unknown,
  stderr: { write(text: string): unknown },
): number {
  if (error instanceof UsageError) {
    stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof OutputError) {
    try {
      stderr.write(`${spec.id}: ${error.message}\n`);
    } catch {
      // stderr is what failed: the exit code says it.
    }
    return EXIT_USAGE;
  }
  if (error instanceof GitError) {
    stderr.write(`${spec.id}: ${error.message} — check that this is a healthy git repository\n`);
    return EXIT_USAGE;
  }
  throw error;
}
