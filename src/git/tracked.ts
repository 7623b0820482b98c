import { gitAsync, splitNul } from "./run.js";

export interface TrackedEntry {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
}

/** Every path in the index (stage 0), for `--all-files`. */
export async function trackedEntries(
  root: string,
  pathspecs: readonly string[] = [],
): Promise<TrackedEntry[]> {
  const out = await gitAsync(["ls-files", "-z", "--stage", "--", ...pathspecs], { cwd: root });
  return parseLsFilesStage(out.toString("utf8"));
}

/**
 * Parse `git ls-files -z --stage`: "100644 e69de29b…5391 0\tpath\0". Conflicted paths appear
 * once per stage (1, 2, 3) and are skipped: there is nothing to commit yet.
 */
export function parseLsFilesStage(output: string): TrackedEntry[] {
  const entries: TrackedEntry[] = [];
  for (const record of splitNul(output)) {
    const tab = record.indexOf("\t");
    if (tab === -1) continue;
    const [mode, oid, stage] = record.slice(0, tab).split(" ");
    if (stage !== "0" || !mode || !oid) continue;
    entries.push({ path: record.slice(tab + 1), mode, oid });
  }
  return entries;
}
