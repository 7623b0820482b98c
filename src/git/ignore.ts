import { gitAsync, splitNul } from "./run.js";

/**
 * Which of `paths` the repository's ignore rules match, tracked or not (`--no-index`, so a
 * force-added or previously tracked file is still judged by the rules). One process per run;
 * check-ignore exits 1 when nothing matches. Output: "path\0" for each ignored path.
 */
export async function ignoredPaths(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const out = await gitAsync(["check-ignore", "-z", "--stdin", "--no-index"], {
    cwd: root,
    input: `${paths.join("\0")}\0`,
    okStatus: [0, 1],
  });
  return new Set(splitNul(out));
}
