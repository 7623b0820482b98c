import { gitAsync } from "./run.js";

/** A fixed version of a staged file, to be written to the object store and the index. */
export interface StagedFix {
  readonly path: string;
  readonly mode: string;
  readonly content: Buffer;
}

/**
 * Stage fixed content without touching the working tree: `git hash-object -w --stdin
 * --no-filters` per fixed blob (the content is already what should be committed, so no clean
 * filter may run on it again), then one `git update-index -z --index-info` for all of them.
 * git honours GIT_INDEX_FILE, so this writes the index the running commit will use.
 */
export async function stageFixes(
  root: string,
  fixes: readonly StagedFix[],
): Promise<Map<string, string>> {
  const oids = new Map<string, string>();
  if (fixes.length === 0) return oids;
  const hashed = await Promise.all(
    fixes.map((fix) =>
      gitAsync(["hash-object", "-w", "--stdin", "--no-filters"], { cwd: root, input: fix.content }),
    ),
  );
  const records = fixes.map((fix, index) => {
    const oid = (hashed[index] as Buffer).toString("utf8").trim();
    oids.set(fix.path, oid);
    // --index-info -z record: "<mode> SP <oid> TAB <path> NUL"
    return `${fix.mode} ${oid}\t${fix.path}\0`;
  });
  await gitAsync(["update-index", "-z", "--index-info"], { cwd: root, input: records.join("") });
  return oids;
}
