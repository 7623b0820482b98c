import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import { UsageError } from "../../cli/errors.js";
import type { HookContext } from "../../cli/main.js";
import { type FileEntry, selectFiles } from "../../files/select.js";
import { attributeValues } from "../../git/attributes.js";
import { ignoredPaths } from "../../git/ignore.js";
import { objectSizes } from "../../git/objects.js";
import type { Repo } from "../../git/repo.js";
import { gitAsync, splitNul } from "../../git/run.js";
import { stagedEntries } from "../../git/staged.js";
import { loadYaml } from "../../lazy/modules.js";
import type { Finding, HookResult } from "../../report/finding.js";
import { markWorkDone } from "../../runtime/code-cache.js";
import { artifactDirOf, DEFAULT_ARTIFACT_DIRS } from "./artifacts.js";
import { type DvcOut, dvcOwnerOf, outsOfDvcFile, outsOfDvcYaml } from "./dvc-outs.js";
import { judgeFile, type LargeFileRules, type Storage } from "./judge.js";
import { exceedsLimit } from "./size.js";

export const DEFAULT_MAX_KB = 500;

export function rulesFrom(
  options: HookContext["options"],
): LargeFileRules & { dirs: readonly string[] } {
  const maxKb = options.maxkb === undefined ? DEFAULT_MAX_KB : Number(options.maxkb);
  const dirs = (options["artifact-dir"] as string[] | undefined) ?? DEFAULT_ARTIFACT_DIRS;
  return {
    maxKb,
    enforceAll: options["enforce-all"] === true,
    artifactDirs: options["no-artifact-dirs"] !== true,
    dvcTracked: options["no-dvc-tracked"] !== true,
    ignored: options["no-gitignored"] !== true,
    dirs,
  };
}

/** The I/O edge of check-large-files: ask git (batched, concurrently), then judge each file. */
export async function checkLargeFiles(context: HookContext): Promise<HookResult> {
  const rules = rulesFrom(context.options);
  const repo = context.repo;
  if (!repo && !rules.enforceAll) {
    throw new UsageError(
      "check-large-files: not inside a git repository, so it cannot tell which files are being added — run it in a work tree, or pass --enforce-all to check every file given",
    );
  }
  const entries = await selectFiles({
    mode: context.mode,
    files: context.files,
    cwd: context.cwd,
    repo,
    exclude: context.exclude,
  });
  if (entries.length === 0) return { findings: [], modified: [], checked: 0 };

  const inRepo = entries.filter((entry) => entry.repoPath !== null);
  const repoPaths = inRepo.map((entry) => entry.repoPath as string);
  const [sizes, added, ignored, dvcOuts] = await Promise.all([
    sizesOf(repo, entries),
    repo && !rules.enforceAll && context.mode !== "staged"
      ? addedPaths(repo)
      : Promise.resolve(null),
    repo && rules.ignored ? ignoredPaths(repo.root, repoPaths) : Promise.resolve(new Set<string>()),
    repo && rules.dvcTracked ? loadDvcOuts(repo) : Promise.resolve([]),
  ]);

  // Only files over the limit need the LFS question: usually none, so no extra git process.
  const overLimit = inRepo.filter((entry) => exceedsLimit(sizes.get(entry) ?? 0, rules.maxKb));
  const lfs =
    repo && overLimit.length > 0
      ? await attributeValues(
          repo.root,
          "filter",
          overLimit.map((entry) => entry.repoPath as string),
          context.mode !== "files",
        )
      : new Map<string, string>();

  const storage = repo ? storageOf(repo) : { dvc: false, lfs: false };
  const lfsPath = (repoPath: string | null): boolean =>
    repoPath !== null && lfs.get(repoPath) === "lfs";
  const findings: Finding[] = [];
  if (entries.length > 0) markWorkDone();
  for (const entry of entries) {
    const repoPath = entry.repoPath;
    findings.push(
      ...judgeFile(
        {
          display: entry.display,
          size: sizes.get(entry) ?? 0,
          added: entry.status === "A" || (repoPath !== null && (added?.has(repoPath) ?? false)),
          // A file in the work tree is the smudged one, so the attribute decides. A staged
          // blob of at most 1024 bytes is a pointer (the LFS spec's limit); a bigger one on an
          // LFS path means LFS did not run, which the attribute then only explains.
          lfs: lfsPath(repoPath) && (context.mode === "files" || (sizes.get(entry) ?? 0) <= 1024),
          lfsNotApplied:
            lfsPath(repoPath) && context.mode !== "files" && (sizes.get(entry) ?? 0) > 1024,
          ignored: repoPath !== null && ignored.has(repoPath),
          dvcOwner: repoPath === null ? null : dvcOwnerOf(repoPath, dvcOuts),
          artifactDir: repoPath === null ? null : artifactDirOf(repoPath, rules.dirs),
        },
        rules,
        storage,
      ),
    );
  }
  return { findings, modified: [], checked: entries.length };
}

/** Staged blobs are measured by `cat-file --batch-check` (never read); files by lstat. */
async function sizesOf(
  repo: Repo | null,
  entries: readonly FileEntry[],
): Promise<Map<FileEntry, number>> {
  const sizes = new Map<FileEntry, number>();
  const oids = entries.filter((entry) => entry.oid !== null).map((entry) => entry.oid as string);
  const info = repo && oids.length > 0 ? await objectSizes(repo.root, oids) : new Map();
  for (const entry of entries) {
    sizes.set(
      entry,
      entry.oid !== null ? (info.get(entry.oid)?.size ?? 0) : (entry.worktreeSize ?? 0),
    );
  }
  return sizes;
}

/** Paths new in the index compared to HEAD (pure renames excluded): the peer's "added". */
async function addedPaths(repo: Repo): Promise<Set<string>> {
  const entries = await stagedEntries(repo.root);
  return new Set(entries.filter((entry) => entry.status === "A").map((entry) => entry.path));
}

/** Outputs declared by the repository's DVC files; only repositories with `.dvc/` pay for it. */
async function loadDvcOuts(repo: Repo): Promise<DvcOut[]> {
  if (!isDirectory(join(repo.root, ".dvc"))) return [];
  const out = await gitAsync(["ls-files", "-z", "--", "*.dvc", "*dvc.yaml"], { cwd: repo.root });
  const files = splitNul(out).filter(
    (path) => path.endsWith(".dvc") || posix.basename(path) === "dvc.yaml",
  );
  if (files.length === 0) return [];
  const { parse } = await loadYaml();
  const outs: DvcOut[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(join(repo.root, file), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new UsageError(
        `check-large-files: ${file}: not valid YAML (${(error as Error).message.split("\n")[0]}) — fix the DVC file or pass --no-dvc-tracked`,
      );
    }
    outs.push(
      ...(file.endsWith(".dvc") ? outsOfDvcFile(parsed, file) : outsOfDvcYaml(parsed, file)),
    );
  }
  return outs;
}

function storageOf(repo: Repo): Storage {
  let lfs = existsSync(join(commonDir(repo.gitDir), "lfs"));
  if (!lfs) {
    try {
      lfs = readFileSync(join(repo.root, ".gitattributes"), "utf8").includes("filter=lfs");
    } catch {
      lfs = false;
    }
  }
  return { dvc: isDirectory(join(repo.root, ".dvc")), lfs };
}

/** A linked worktree's git dir names the shared one in its `commondir` file. */
function commonDir(gitDir: string): string {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim());
  } catch {
    return gitDir;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
