import { lstatSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Repo } from "../git/repo.js";
import { type StagedStatus, stagedEntries } from "../git/staged.js";
import { trackedEntries } from "../git/tracked.js";
import { loadMicromatch } from "../lazy/modules.js";

export type SelectionMode = "files" | "staged" | "all";

/** One file a hook will look at, whichever way it was selected. */
export interface FileEntry {
  /** The path to print: as given in FILE mode, repository-relative otherwise. */
  readonly display: string;
  /** Repository-relative `/` path, or null outside a repository. */
  readonly repoPath: string | null;
  /** Absolute path in the working tree. */
  readonly absPath: string;
  /** Where the content to judge lives. */
  readonly source: "worktree" | "index";
  /** Git mode (100644, 100755, 120000); for worktree files derived from lstat. */
  readonly mode: string;
  /** Staged object id (index source only). */
  readonly oid: string | null;
  /** Size in bytes for worktree files (lstat: a symlink is its link text, as git stores it). */
  readonly worktreeSize: number | null;
  /** How the entry differs from HEAD (staged mode); null when unknown. */
  readonly status: StagedStatus | null;
}

export interface SelectionRequest {
  readonly mode: SelectionMode;
  readonly files: readonly string[];
  readonly cwd: string;
  readonly repo: Repo | null;
  readonly exclude: readonly string[];
}

const GITLINK = "160000";

/** Resolve FILE arguments, the staged set or every tracked file into one list of entries. */
export async function selectFiles(request: SelectionRequest): Promise<FileEntry[]> {
  const entries =
    request.mode === "files"
      ? fromArguments(request)
      : await fromIndex(request, request.repo as Repo);
  return request.exclude.length === 0 ? entries : applyExclude(entries, request.exclude);
}

function fromArguments({ files, cwd, repo }: SelectionRequest): FileEntry[] {
  const entries: FileEntry[] = [];
  for (const given of files) {
    const absPath = isAbsolute(given) ? given : resolve(cwd, given);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(absPath);
    } catch {
      continue; // The contract: a path that does not exist is skipped, never a crash.
    }
    if (!stat.isFile() && !stat.isSymbolicLink()) continue;
    entries.push({
      display: given,
      repoPath: repo ? toRepoPath(repo.root, absPath) : null,
      absPath,
      source: "worktree",
      mode: stat.isSymbolicLink() ? "120000" : stat.mode & 0o111 ? "100755" : "100644",
      oid: null,
      worktreeSize: stat.size,
      status: null,
    });
  }
  return entries;
}

async function fromIndex(request: SelectionRequest, repo: Repo): Promise<FileEntry[]> {
  const raw =
    request.mode === "staged"
      ? await stagedEntries(repo.root)
      : (await trackedEntries(repo.root)).map((entry) => ({ ...entry, status: null }));
  return raw
    .filter((entry) => entry.mode !== GITLINK)
    .map((entry) => ({
      display: entry.path,
      repoPath: entry.path,
      absPath: resolve(repo.root, entry.path),
      source: "index" as const,
      mode: entry.mode,
      oid: entry.oid,
      worktreeSize: null,
      status: entry.status,
    }));
}

/** A repository-relative `/` path, or null when the file lies outside the repository. */
export function toRepoPath(root: string, absPath: string): string | null {
  const rel = relative(root, absPath);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  return sep === "/" ? rel : rel.split(sep).join("/");
}

/**
 * The shared `--exclude` rule: a path is skipped when a glob matches it as given or as a
 * repository path. micromatch costs ~30 ms to load, so only runs that exclude something pay.
 */
export async function excludeMatcher(
  globs: readonly string[],
): Promise<(display: string, repoPath: string | null) => boolean> {
  const micromatch = await loadMicromatch();
  const matches = (path: string): boolean =>
    micromatch.isMatch(path, globs as string[], { dot: true });
  return (display, repoPath) => matches(display) || (repoPath !== null && matches(repoPath));
}

async function applyExclude(entries: FileEntry[], globs: readonly string[]): Promise<FileEntry[]> {
  const excluded = await excludeMatcher(globs);
  return entries.filter((entry) => !excluded(entry.display, entry.repoPath));
}
