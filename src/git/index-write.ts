import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { realpathOrNull } from "../files/realpath.js";
import { gitAsync } from "./run.js";
import { parseLsFilesStage } from "./tracked.js";

/** A fixed version of a staged file, to be written to the object store and the index. */
export interface StagedFix {
  readonly path: string;
  readonly mode: string;
  /** The blob the index holds now; the fix replaces only that. */
  readonly oldOid: string;
  readonly content: Buffer;
}

/**
 * Stage fixed content without touching the working tree: the fixed blobs go to the object store
 * with `git hash-object -w --no-filters` (the content is already what should be committed, so no
 * clean filter may run on it again), then one `git update-index -z --index-info` for all of them.
 * git honours GIT_INDEX_FILE, so this writes the index the running commit will use.
 */
export async function stageFixes(
  root: string,
  gitDir: string,
  fixes: readonly StagedFix[],
): Promise<Map<string, string>> {
  const oids = new Map<string, string>();
  if (fixes.length === 0) return oids;
  const hashed = await writeBlobs(
    root,
    gitDir,
    fixes.map((fix) => fix.content),
  );
  fixes.forEach((fix, index) => {
    oids.set(fix.path, hashed[index] as string);
  });
  await updateIndex(root, fixes, oids, undefined);
  // `git commit -- path` commits a temporary index (next-index-<pid>.lock) and then makes
  // index.lock, where git staged the same paths, the new index: fix that one too, or the
  // repository's index would keep the unfixed blobs after the commit.
  // Only git's own layout (both files in the git dir) is recognised: with a custom
  // GIT_INDEX_FILE, git's lock is elsewhere and a .git/index.lock would be someone else's.
  const indexFile = process.env.GIT_INDEX_FILE;
  if (indexFile && /^next-index-\d+\.lock$/.test(basename(indexFile))) {
    const indexDir = resolve(root, dirname(indexFile));
    const folder = realpathOrNull(indexDir) ?? indexDir;
    const realIndex = join(folder, "index.lock");
    if (folder === (realpathOrNull(gitDir) ?? gitDir) && existsSync(realIndex)) {
      await updateIndex(root, fixes, oids, realIndex);
    }
  }
  return oids;
}

/**
 * Write blobs to the object store, their ids in order. One blob goes through stdin; more are
 * written to a temp folder in the git dir and named on `--stdin-paths`, so one git process does
 * them all (a process per blob cost ~10 ms each). The git dir, not TMPDIR: it is writable
 * whenever objects can be written, its path is absolute, and the stripped content stays inside
 * the repository. If the folder cannot be made, each blob goes through stdin.
 */
async function writeBlobs(
  root: string,
  gitDir: string,
  contents: readonly Buffer[],
): Promise<string[]> {
  let folder: string | null = null;
  if (contents.length > 1) {
    const dir = resolve(root, gitDir);
    removeStaleBlobFolders(dir, Date.now());
    try {
      folder = mkdtempSync(join(dir, BLOB_FOLDER_PREFIX));
    } catch {
      folder = null;
    }
  }
  if (folder === null) {
    const outs = await Promise.all(
      contents.map((content) =>
        gitAsync(["hash-object", "-w", "--stdin", "--no-filters"], { cwd: root, input: content }),
      ),
    );
    return outs.map((out) => out.toString("utf8").trim());
  }
  const removeOnSignal = removeWhenInterrupted(folder);
  try {
    const paths = contents.map((content, index) => {
      const path = join(folder as string, String(index));
      writeFileSync(path, content);
      return path;
    });
    const out = await gitAsync(["hash-object", "-w", "--no-filters", "--stdin-paths"], {
      cwd: root,
      input: `${paths.join("\n")}\n`,
    });
    const oids = out.toString("utf8").trim().split("\n");
    if (oids.length !== contents.length) {
      throw new Error(`git hash-object returned ${oids.length} ids for ${contents.length} blobs`);
    }
    return oids;
  } finally {
    removeOnSignal();
    rmSync(folder, { recursive: true, force: true });
  }
}

const BLOB_FOLDER_PREFIX = "ml-hygiene-blobs-";
/** A blob folder this old is a killed run's (SIGKILL, power loss): a run takes seconds. */
export const STALE_BLOB_FOLDER_MS = 60 * 60 * 1000;

/** Remove blob folders that runs killed outright left in the git dir. */
export function removeStaleBlobFolders(gitDir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(gitDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(BLOB_FOLDER_PREFIX)) continue;
    const path = join(gitDir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_BLOB_FOLDER_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

const CLEANUP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * While the folder exists, Ctrl-C (or a TERM/HUP) removes it before the process ends by that
 * same signal: Node's default handling would exit at once and leave it in the git dir. Returns
 * the function that takes the handlers off again.
 */
function removeWhenInterrupted(folder: string): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    rmSync(folder, { recursive: true, force: true });
    off();
    process.kill(process.pid, signal);
  };
  const off = (): void => {
    for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of CLEANUP_SIGNALS) process.once(signal, onSignal);
  return off;
}

/** Replace entries whose blob is still the unfixed one, in the given index (or the current one). */
async function updateIndex(
  root: string,
  fixes: readonly StagedFix[],
  oids: ReadonlyMap<string, string>,
  indexFile: string | undefined,
): Promise<void> {
  const env = indexFile ? { GIT_INDEX_FILE: indexFile } : undefined;
  let targets = fixes;
  if (indexFile) {
    const listed = await gitAsync(
      ["--literal-pathspecs", "ls-files", "-z", "--stage", "--", ...fixes.map((fix) => fix.path)],
      {
        cwd: root,
        env,
      },
    );
    const current = new Map(
      parseLsFilesStage(listed.toString("utf8")).map((entry) => [entry.path, entry.oid]),
    );
    targets = fixes.filter((fix) => current.get(fix.path) === fix.oldOid);
    if (targets.length === 0) return;
  }
  // --index-info -z record: "<mode> SP <oid> TAB <path> NUL"
  const records = targets.map((fix) => `${fix.mode} ${oids.get(fix.path)}\t${fix.path}\0`).join("");
  await gitAsync(["update-index", "-z", "--index-info"], {
    cwd: root,
    input: records,
    ...(env ? { env } : {}),
  });
}
