import { closeSync, type Stats } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { EXIT_FINDINGS, EXIT_OK, UsageError } from "../../cli/errors.js";
import { exitForError, prepareRun } from "../../cli/prepare.js";
import type { HookSpec, OptionValues } from "../../cli/spec.js";
import { ChangedSinceReadError, replaceFileContentSoon } from "../../files/atomic-write.js";
import {
  type OpenedFile,
  openForRead,
  REUSED_BUFFER_LIMIT,
  readAndClose,
} from "../../files/read-file.js";
import { readAllStdin } from "../../files/read-stdin.js";
import { excludeMatcher, toRepoPath } from "../../files/select.js";
import { configOutsideRepoMayName } from "../../git/config-outside-repo.js";
import type { Repo } from "../../git/repo.js";
import { gitSync } from "../../git/run.js";
import { trackedEntries } from "../../git/tracked.js";
import type { Finding } from "../../report/finding.js";
import { formatJson } from "../../report/json.js";
import { descriptorOutput, type GatheredOutput, gatheredOutput } from "../../runtime/stdio.js";
import { NotebookError } from "./errors.js";
import { FILTER_COMMANDS, runFilterCommand } from "./filter-command.js";
import { notebookText } from "./input.js";
import { parseMaxSize } from "./max-size.js";
import { OUTPUT_KEY_RULE, type OutputKey, outputKeyFinding } from "./output-keys.js";
import {
  describeSummary,
  formatBytesSaved,
  isNotJson,
  type Mode,
  notebookNotes,
  type Outcome,
  type ProcessSettings,
  processNotebook,
} from "./process.js";
import { pySplit } from "./python.js";
import { stripStagedNotebooks } from "./staged.js";
import { type OutputType, parseOutputType, type StripOptions, stripKeyList } from "./strip.js";

/** `os.EOL`, without loading node:os (~0.2 ms) on every run for it. */
const PLATFORM_EOL = process.platform === "win32" ? "\r\n" : "\n";

/** Where a run reads and writes; tests pass their own. */
export interface NotebookIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(data: string | Uint8Array): unknown };
  readonly stderr: { write(text: string): unknown };
  readStdin(): Promise<Uint8Array>;
}

/** Everything one run knows after parsing flags and `.ml-hygiene.yaml`. */
export interface StripContext {
  readonly spec: HookSpec;
  readonly options: OptionValues;
  /** FILE arguments as given (`-` is stdin). */
  readonly files: readonly string[];
  readonly repo: Repo | null;
  readonly io: NotebookIo;
}

/**
 * No FILE arguments: the notebooks staged in the index (index-first), or with `--all-files` every
 * tracked notebook in the working tree, as if each had been named.
 */
export async function stripIndex(context: StripContext, mode: "staged" | "all"): Promise<number> {
  const { spec, options, io } = context;
  if (!context.repo) {
    throw new UsageError(
      `${spec.id}: not inside a git repository (no FILE arguments means: strip the staged notebooks) — run it in a work tree, or pass notebook paths, or - for stdin`,
    );
  }
  const repo = context.repo;
  if (mode === "all") {
    const suffix = options.mode === "zeppelin" ? ".zpln" : ".ipynb";
    const tracked = (await trackedEntries(repo.root))
      .filter(
        (entry) =>
          entry.mode !== "120000" && entry.mode !== "160000" && entry.path.endsWith(suffix),
      )
      .map((entry) => entry.path);
    if (tracked.length === 0) return EXIT_OK;
    return stripFiles({ ...context, files: tracked, io: { ...io, cwd: repo.root } });
  }
  const settings = settingsFrom(spec, options, readGitKeys(repo.root));
  return stripStagedNotebooks({ spec, options, repo, settings, io });
}

function processIo(): NotebookIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: descriptorOutput(1),
    stderr: descriptorOutput(2),
    readStdin: readAllStdin,
  };
}

/** The whole of `strip-notebook`: flags and config, then FILE/stdin mode (or staged mode). */
export async function runStripNotebook(
  spec: HookSpec,
  argv: readonly string[],
  io: NotebookIo = processIo(),
): Promise<number> {
  try {
    const prepared = await prepareRun(spec, argv, io);
    if ("exit" in prepared) return prepared.exit;
    const { parsed, repo, options: merged, mode } = prepared;
    // stdin is the git filter: its stdout must be the notebook, whatever the config file says.
    const options = parsed.files.includes("-") ? withoutConfigModes(merged, parsed.values) : merged;
    const context: StripContext = { spec, options, files: parsed.files, repo, io };
    const filterCommand = FILTER_COMMANDS.find((name) => options[name] === true);
    if (filterCommand) return runFilterCommand(context, filterCommand);
    if (mode !== "files") return await stripIndex(context, mode);
    return await stripFiles(context);
  } catch (error) {
    return exitForError(spec, error, io.stderr);
  }
}

/** `dry-run`, `verify` and `textconv` from the command line only. */
function withoutConfigModes(options: OptionValues, flags: OptionValues): OptionValues {
  const result: OptionValues = { ...options };
  for (const name of ["dry-run", "verify", "textconv"]) result[name] = flags[name];
  return result;
}

const flag = (options: OptionValues, name: string): boolean => options[name] === true;
const list = (options: OptionValues, name: string): string[] => {
  const value = options[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
};

/** Space-separated lists (`--extra-keys "a b"`), split as Python's `str.split()` does. */
export const words = (values: readonly string[]): string[] => values.flatMap(pySplit);

/** Build the settings of a run: parse sizes and output types, merge the strip lists. */
export function settingsFrom(
  spec: HookSpec,
  options: OptionValues,
  gitKeys: GitKeys,
): ProcessSettings {
  const outputTypes = (name: string): OutputType[] =>
    list(options, name).map((text) => {
      try {
        return parseOutputType(text);
      } catch (error) {
        throw new UsageError(`${spec.id}: --${name} ${(error as Error).message}`);
      }
    });
  let maxSize = 0;
  if (options["max-size"] !== undefined) {
    try {
      maxSize = parseMaxSize(String(options["max-size"]));
    } catch (error) {
      throw new UsageError(`${spec.id}: ${(error as Error).message}`);
    }
  }
  const strip: StripOptions = {
    keepOutput: flag(options, "keep-output") ? true : null,
    keepCount: flag(options, "keep-count"),
    keepId: flag(options, "keep-id"),
    stripKeys: stripKeyList(
      [...gitKeys.extra, ...words(list(options, "extra-keys"))],
      [...gitKeys.keep, ...words(list(options, "keep-metadata-keys"))],
    ),
    dropEmptyCells: flag(options, "drop-empty-cells"),
    dropTaggedCells: words(list(options, "drop-tagged-cells")),
    stripInitCells: flag(options, "strip-init-cells"),
    maxSize,
    keepOutputTypes: outputTypes("keep-output-type"),
    dropOutputTypes: outputTypes("drop-output-type"),
  };
  const mode: Mode = options.mode === "zeppelin" ? "zeppelin" : "jupyter";
  return { mode, strip, newline: flag(options, "unix-newlines") ? "\n" : PLATFORM_EOL };
}

const GIT_KEY_NAMES = ["extrakeys", "keepmetadatakeys"];

/**
 * The git config keys as nbstripout reads them, here too outside a repository (git then reads
 * the system and global files); there git is started only when those files may set them.
 */
function gitKeysFor(context: StripContext): GitKeys {
  const { io } = context;
  if (context.repo === null && !configOutsideRepoMayName(GIT_KEY_NAMES, io.env)) {
    return { extra: [], keep: [] };
  }
  return readGitKeys(io.cwd);
}

export interface GitKeys {
  readonly extra: readonly string[];
  readonly keep: readonly string[];
}

/**
 * `git config filter.nbstripout.extrakeys` / `…keepmetadatakeys`, as nbstripout reads them (all
 * scopes, the last value wins), in one git call. Missing keys or no git: nothing.
 *
 * Sample of the parsed `-z` output: `filter.nbstripout.extrakeys\nmetadata.a cell.b\0`.
 */
export function readGitKeys(cwd: string): GitKeys {
  let output: string;
  try {
    output = gitSync(
      ["config", "-z", "--get-regexp", "^filter\\.nbstripout\\.(extrakeys|keepmetadatakeys)$"],
      { cwd, okStatus: [0, 1] },
    ).toString("utf8");
  } catch {
    return { extra: [], keep: [] };
  }
  let extra = "";
  let keep = "";
  for (const entry of output.split("\0")) {
    if (entry === "") continue;
    const newline = entry.indexOf("\n");
    const key = newline === -1 ? entry : entry.slice(0, newline);
    const value = newline === -1 ? "" : entry.slice(newline + 1);
    if (key === "filter.nbstripout.extrakeys") extra = value;
    else if (key === "filter.nbstripout.keepmetadatakeys") keep = value;
  }
  return { extra: words([extra]), keep: words([keep]) };
}

interface RunState {
  readonly findings: Finding[];
  readonly modified: string[];
  checked: number;
  wouldChange: boolean;
  /** The last notebook's rename, still running: true once it is done and reported. */
  inFlight: Promise<boolean> | null;
  /** That notebook as it was before (`stat`): a later name for the same file must wait. */
  inFlightFile: Stats | null;
  /** stderr lines waiting to be written together (runtime/stdio.ts `gatheredOutput`). */
  readonly output: Pick<GatheredOutput, "flush" | "flushStale">;
}

const NOTEBOOK_SUFFIXES = [".ipynb", ".zpln"];

async function stripFiles(context: StripContext): Promise<number> {
  // A line per notebook stripped: gathered into few writes (runtime/stdio.ts).
  const output = gatheredOutput(context.io.stdout, context.io.stderr);
  try {
    return await stripNamedFiles(
      { ...context, io: { ...context.io, stdout: output.stdout, stderr: output.stderr } },
      output,
    );
  } finally {
    output.flush();
  }
}

async function stripNamedFiles(context: StripContext, output: RunState["output"]): Promise<number> {
  const { spec, options, io } = context;
  const json = options.format === "json";
  const textconv = flag(options, "textconv");
  const verify = flag(options, "verify");
  const dryRun = verify || flag(options, "dry-run");
  let files = context.files;
  if (json && textconv) {
    throw new UsageError(
      `${spec.id}: --format json cannot be combined with -t/--textconv — stdout is the notebook`,
    );
  }
  if (json && files.includes("-")) {
    throw new UsageError(
      `${spec.id}: --format json cannot be used with stdin (-) — stdout is the notebook`,
    );
  }
  const settings = settingsFrom(spec, options, gitKeysFor(context));
  const exclude = list(options, "exclude");
  if (exclude.length > 0) files = await withoutExcluded(files, exclude, context);

  const state: RunState = {
    findings: [],
    modified: [],
    checked: 0,
    wouldChange: false,
    inFlight: null,
    inFlightFile: null,
    output,
  };
  const force = flag(options, "force");
  let failed = false;
  for (const name of files) {
    if (name !== "-" && !force && !NOTEBOOK_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
      continue; // nbstripout skips other names silently unless --force
    }
    const ok =
      name === "-"
        ? (await settled(state)) &&
          (await stripStdin(context, settings, dryRun, stdinName(options)))
        : await stripFile(context, settings, name, { dryRun, textconv, json }, state);
    if (!ok) {
      // As nbstripout: the first notebook that cannot be stripped ends the run.
      failed = true;
      break;
    }
    if (name === "-" && dryRun && ok === "changed") state.wouldChange = true;
  }
  if (!(await settled(state))) failed = true;
  if (json) {
    io.stdout.write(
      formatJson(spec.id, {
        findings: state.findings,
        modified: state.modified,
        checked: state.checked,
      }),
    );
  }
  // A kept output with a private key fails the run, whatever else it did.
  const keysFound = state.findings.some((finding) => finding.rule === OUTPUT_KEY_RULE);
  if (failed || keysFound) return EXIT_FINDINGS;
  return verify && state.wouldChange ? EXIT_FINDINGS : EXIT_OK;
}

async function withoutExcluded(
  files: readonly string[],
  globs: readonly string[],
  context: StripContext,
): Promise<string[]> {
  const excluded = await excludeMatcher(globs);
  const root = context.repo?.root ?? null;
  return files.filter((name) => {
    if (name === "-") return true;
    const repoPath = root === null ? null : toRepoPath(root, resolve(context.io.cwd, name));
    return !excluded(name, repoPath);
  });
}

type StepResult = false | "unchanged" | "changed";

/**
 * Private keys in kept outputs: a line each on stderr and, with a run state, a finding each,
 * which fails the run (they would be committed).
 */
function reportKeys(
  context: StripContext,
  name: string,
  keys: readonly OutputKey[],
  state: RunState | null,
): void {
  for (const found of keys) {
    const finding = outputKeyFinding(name, found);
    report(context, `${finding.path}: ${finding.message} — ${finding.fix}`);
    state?.findings.push(finding);
  }
}

function report(context: StripContext, line: string): void {
  context.io.stderr.write(`${context.spec.id}: ${line}\n`);
}

/**
 * The previous notebook's write (its rename, `replaceFileContentSoon`), awaited: its report
 * comes before anything about the next notebook. False when it failed (reported; the run ends).
 */
async function settled(state: RunState): Promise<boolean> {
  const inFlight = state.inFlight;
  state.inFlight = null;
  return inFlight === null ? true : inFlight;
}

async function stripFile(
  context: StripContext,
  settings: ProcessSettings,
  name: string,
  how: { dryRun: boolean; textconv: boolean; json: boolean },
  state: RunState,
): Promise<StepResult> {
  const { io } = context;
  const path = isAbsolute(name) ? name : resolve(io.cwd, name);
  const fail = (message: string, rule = "unreadable"): false => {
    report(context, message);
    state.findings.push({
      path: name,
      line: null,
      rule,
      message,
      fix:
        rule === "invalid-notebook"
          ? "repair the JSON, or re-save the notebook from Jupyter"
          : "check the path and its permissions",
    });
    return false;
  };
  const notebookFailure = (error: unknown): false => {
    const message = isNotJson(error, settings.mode)
      ? `No valid notebook detected in '${name}' (${error.detail})`
      : error instanceof NotebookError
        ? `Could not strip '${name}': ${error.message}`
        : null;
    if (message === null) throw error;
    return fail(message, "invalid-notebook");
  };

  // Read, strip and render first: pure work, done while the previous notebook's rename runs.
  let text = "";
  let size = 0;
  let readAs: Stats | null = null;
  let readError: unknown = null;
  try {
    // Lines held too long go out before the next notebook.
    state.output.flushStale();
    // Stamped before reading: a save that lands in between is then seen as a change (safe side).
    let file = openForRead(path);
    if (state.inFlight !== null && isSameFile(file.stat, state.inFlightFile)) {
      // The file whose rename is under way, named again (or through a link): wait for it.
      closeSync(file.fd);
      if (!(await settled(state))) return false;
      file = openForRead(path);
    }
    if (!file.stat.isFile() || file.stat.size > REUSED_BUFFER_LIMIT) {
      // One that may take long to read and strip: what was done before it is said first.
      if (!(await settled(state))) {
        closeSync(file.fd);
        return false;
      }
      state.output.flush();
    }
    readAs = file.stat;
    ({ text, size } = readText(file));
  } catch (error) {
    readError = error;
  }
  let outcome: Outcome | null = null;
  let output: string | null = null;
  let stripError: unknown = null;
  if (readError === null) {
    try {
      outcome = processNotebook(text, settings);
      // Render before anything is written: where nbformat's writer would fail (and nbstripout
      // would leave an empty file), we stop with the file untouched.
      if (!how.dryRun && (how.textconv || outcome.changed)) output = outcome.render();
    } catch (error) {
      stripError = error;
    }
  }
  // The write too: its temp file, and its rename, start before the previous rename is awaited.
  let written: Promise<void> | null = null;
  let writeError: unknown = null;
  // (`output` is only rendered outside a dry run.)
  const data = output !== null && !how.textconv ? Buffer.from(output, "utf8") : null;
  if (data !== null) {
    try {
      written = replaceFileContentSoon(path, data, readAs as Stats);
    } catch (error) {
      writeError = error;
    }
  }
  const writeFailure = (error: unknown): false =>
    fail(
      error instanceof ChangedSinceReadError
        ? `Could not strip '${name}': it changed while being stripped (saved by an editor?) — left as it is; run again`
        : `Could not strip '${name}': ${(error as Error).message}`,
    );
  const reportWritten = (): true => {
    const summary = describeSummary((outcome as Outcome).summary);
    state.modified.push(name);
    report(
      context,
      `stripped ${name} (${summary}; ${formatBytesSaved(size - (data as Buffer).length)})`,
    );
    return true;
  };
  if (!(await settled(state))) {
    // The run ends at the previous notebook, as nbstripout's does; this one's rename had
    // already started, so say how it ended.
    if (written !== null) await written.then(reportWritten, writeFailure);
    return false;
  }

  if (readError !== null) {
    if (readError instanceof NotebookError) {
      return fail(`Could not strip '${name}': ${readError.message}`, "invalid-notebook");
    }
    const code = (readError as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fail(`Could not strip '${name}': file not found`);
    if (code === "EISDIR") return fail(`Could not strip '${name}': it is a directory`);
    return fail(`Could not strip '${name}': ${(readError as Error).message}`);
  }
  state.checked++;
  try {
    if (outcome !== null) {
      for (const note of notebookNotes(context.spec.id, name, outcome, settings)) {
        io.stderr.write(`${note}\n`);
      }
      // A diff's textconv only shows the notebook; every other mode speaks up about a kept key.
      if (!how.textconv) reportKeys(context, name, outcome.keys, state);
    }
    if (stripError !== null) throw stripError;
  } catch (error) {
    return notebookFailure(error);
  }
  const stripped = outcome as Outcome;
  if (how.dryRun) {
    if (!stripped.changed) return "unchanged";
    state.wouldChange = true;
    state.findings.push({
      path: name,
      line: null,
      rule: "unstripped",
      message: `would be stripped: ${describeSummary(stripped.summary)}`,
      fix: `strip-notebook ${name}`,
    });
    if (!how.json) io.stdout.write(`Dry run: would have stripped ${name}${settings.newline}`);
    return "changed";
  }
  if (how.textconv) {
    io.stdout.write(output as string);
    return stripped.changed ? "changed" : "unchanged";
  }
  if (!stripped.changed) return "unchanged";
  if (written === null) return writeFailure(writeError);
  state.inFlight = written.then(reportWritten, writeFailure);
  state.inFlightFile = readAs;
  return "changed";
}

const isSameFile = (a: Stats, b: Stats | null): boolean =>
  b !== null && a.dev === b.dev && a.ino === b.ino;

/** The notebook's path when git's filter passed it (`--stdin-name %f`), for messages. */
function stdinName(options: OptionValues): string | null {
  const name = options["stdin-name"];
  return typeof name === "string" && name !== "" ? name : null;
}

async function stripStdin(
  context: StripContext,
  settings: ProcessSettings,
  dryRun: boolean,
  name: string | null,
): Promise<StepResult> {
  const { io } = context;
  const bytes = await io.readStdin();
  const label = name ?? "stdin";
  try {
    const outcome = processNotebook(notebookText(bytes), settings);
    for (const note of notebookNotes(context.spec.id, label, outcome, settings)) {
      io.stderr.write(`${note}\n`);
    }
    // A git filter must exit 0 or `git add` breaks (decisions #5): here a key is a warning.
    reportKeys(context, label, outcome.keys, null);
    if (dryRun) {
      if (outcome.changed) {
        io.stdout.write(`Dry run: would have stripped input from stdin${settings.newline}`);
      }
      return outcome.changed ? "changed" : "unchanged";
    }
    io.stdout.write(outcome.render());
    return outcome.changed ? "changed" : "unchanged";
  } catch (error) {
    // nbstripout's words; the path, when git passed it, comes after them.
    const from = name === null ? "" : ` ('${name}')`;
    if (isNotJson(error, settings.mode)) {
      report(context, `No valid notebook detected on stdin${from} (${error.detail})`);
    } else if (error instanceof NotebookError) {
      report(context, `Could not strip input from stdin${from}: ${error.message}`);
    } else {
      throw error;
    }
    return false;
  }
}

/**
 * The opened notebook's text, strictly decoded from its bytes (for 20 MB, bytes then decoding
 * took ~32 ms where `readFileSync(path, "utf8")` took 66–98 ms, Node 22).
 */
function readText(file: OpenedFile): { text: string; size: number } {
  const { bytes, reused } = readAndClose(file);
  // Measured first: a big notebook's own bytes are given back (detached) as they are decoded,
  // before its long parse; a reused buffer stays.
  const size = bytes.length;
  return { text: notebookText(bytes, reused), size };
}
