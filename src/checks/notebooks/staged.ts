import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { EXIT_FINDINGS, EXIT_OK, UsageError } from "../../cli/errors.js";
import type { OptionValues } from "../../cli/spec.js";
import { ChangedSinceReadError, replaceFileContent } from "../../files/atomic-write.js";
import { excludeMatcher } from "../../files/select.js";
import { type StagedFix, stageFixes } from "../../git/index-write.js";
import { readBlobs } from "../../git/objects.js";
import type { Repo } from "../../git/repo.js";
import { gitAsync } from "../../git/run.js";
import { stagedEntries } from "../../git/staged.js";
import type { Finding } from "../../report/finding.js";
import { formatJson } from "../../report/json.js";
import { NotebookError } from "./errors.js";
import { notebookText } from "./input.js";
import { OUTPUT_KEY_RULE, outputKeyFinding } from "./output-keys.js";
import {
  describeSummary,
  formatBytesSaved,
  isNotJson,
  notebookNotes,
  type Outcome,
  type ProcessSettings,
  processNotebook,
} from "./process.js";

/** What the staged mode needs from the run (a subset of the CLI's context). */
export interface StagedRun {
  readonly spec: { readonly id: string };
  readonly options: OptionValues;
  readonly repo: Repo;
  readonly settings: ProcessSettings;
  readonly io: {
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
  };
}

/** A staged notebook and what stripping it gives. */
interface Planned {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
  readonly staged: Buffer;
  readonly stripped: Buffer;
  readonly summary: string;
}

const SYMLINK = "120000";

/**
 * Staged mode (husky, plain git hooks: no file names). Strip *index-first*: each staged
 * notebook's blob is stripped, written to the object store and re-staged; the working file is
 * rewritten only when it still equals the staged blob, so unstaged edits are never swept into
 * the commit and never lost. Exits 0 after stripping (decisions #5) with a report on stderr;
 * `--verify` changes nothing and exits 1 when a staged notebook would change.
 */
export async function stripStagedNotebooks(run: StagedRun): Promise<number> {
  const { options, repo, settings, io, spec } = run;
  if (options.textconv === true) {
    throw new UsageError(`${spec.id}: -t/--textconv needs a FILE argument (or - for stdin)`);
  }
  const verify = options.verify === true;
  const dryRun = verify || options["dry-run"] === true;
  const json = options.format === "json";
  const suffix = settings.mode === "zeppelin" ? ".zpln" : ".ipynb";
  let entries = (await stagedEntries(repo.root)).filter(
    (entry) => entry.mode !== SYMLINK && entry.path.endsWith(suffix),
  );
  const exclude = Array.isArray(options.exclude) ? options.exclude : [];
  if (exclude.length > 0) {
    const excluded = await excludeMatcher(exclude);
    entries = entries.filter((entry) => !excluded(entry.path, entry.path));
  }
  const blobs = await readBlobs(
    repo.root,
    entries.map((entry) => entry.oid),
  );

  const findings: Finding[] = [];
  const planned: Planned[] = [];
  for (const entry of entries) {
    const staged = blobs.get(entry.oid);
    if (!staged) continue;
    let outcome: Outcome;
    let stripped: Buffer | null = null;
    try {
      // The staged bytes are kept: the working copy is compared with them.
      outcome = processNotebook(notebookText(staged, true), settings);
      for (const note of notebookNotes(spec.id, entry.path, outcome, settings)) {
        io.stderr.write(`${note}\n`);
      }
      if (outcome.changed && !dryRun) stripped = Buffer.from(outcome.render(), "utf8");
    } catch (error) {
      if (!(error instanceof NotebookError)) throw error;
      const what = isNotJson(error, settings.mode)
        ? `not a valid notebook (${error.detail})`
        : error.message;
      findings.push({
        path: entry.path,
        line: null,
        rule: "invalid-notebook",
        message: `the staged version is ${what}`,
        fix: `fix or re-save the notebook, then git add ${entry.path}`,
      });
      continue;
    }
    for (const found of outcome.keys) findings.push(outputKeyFinding(entry.path, found));
    if (!outcome.changed) continue;
    const summary = describeSummary(outcome.summary);
    if (dryRun) {
      findings.push({
        path: entry.path,
        line: null,
        rule: "unstripped",
        message: `would be stripped: ${summary}`,
        fix: `strip-notebook ${entry.path} && git add ${entry.path}`,
      });
      continue;
    }
    planned.push({
      path: entry.path,
      mode: entry.mode,
      oid: entry.oid,
      staged,
      stripped: stripped as Buffer,
      summary,
    });
  }

  const fixes: StagedFix[] = planned.map(({ path, mode, oid, stripped }) => ({
    path,
    mode,
    oldOid: oid,
    content: stripped,
  }));
  const newOids = await stageFixes(repo.root, repo.gitDir, fixes);
  const modified: string[] = [];
  for (const plan of planned) {
    modified.push(plan.path);
    const saved = plan.staged.length - plan.stripped.length;
    const working = await updateWorkingCopy(repo, plan, newOids.get(plan.path) as string);
    io.stderr.write(
      `${spec.id}: stripped ${plan.path} in the index (${plan.summary}; ${formatBytesSaved(saved)}); ${working}\n`,
    );
  }

  if (json) {
    io.stdout.write(formatJson(spec.id, { findings, modified, checked: entries.length }));
  } else {
    for (const finding of findings) {
      if (finding.rule === "unstripped")
        io.stdout.write(`Dry run: would have stripped ${finding.path}\n`);
      else io.stderr.write(`${spec.id}: ${finding.path}: ${finding.message} — ${finding.fix}\n`);
    }
  }
  const failing = findings.some(
    (finding) => finding.rule === "invalid-notebook" || finding.rule === OUTPUT_KEY_RULE,
  );
  if (failing) return EXIT_FINDINGS;
  return verify && findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Rewrite the working file only when it holds what was staged: the same bytes, or bytes that
 * git's clean filters (eol=crlf, autocrlf) turn into the staged blob — then the new content goes
 * through the smudge side the same way. Anything else is an unstaged edit and is left alone; so
 * is a file an editor saves while we work (checked by size and mtime just before writing).
 */
async function updateWorkingCopy(repo: Repo, plan: Planned, newOid: string): Promise<string> {
  const file = join(repo.root, plan.path);
  let before: ReturnType<typeof statSync>;
  let current: Buffer;
  try {
    before = statSync(file);
    current = readFileSync(file);
  } catch {
    return "no working copy to update";
  }
  let content: Buffer = plan.stripped;
  if (!current.equals(plan.staged)) {
    const cleaned = (
      await gitAsync(["hash-object", `--path=${plan.path}`, "--", plan.path], { cwd: repo.root })
    )
      .toString("utf8")
      .trim();
    if (cleaned !== plan.oid)
      return "the working copy has unstaged changes, so it was left as it is";
    content = await gitAsync(["cat-file", "--filters", `--path=${plan.path}`, newOid], {
      cwd: repo.root,
    });
  }
  try {
    replaceFileContent(file, content, before);
  } catch (error) {
    if (!(error instanceof ChangedSinceReadError)) throw error;
    return "the working copy changed meanwhile (saved by an editor?), so it was left as it is";
  }
  return "working copy updated";
}
