import { gitAsync, splitNul } from "./run.js";

/** The repository's ignore rules for a list of paths (the bench's floor asks the same). */
export const CHECK_IGNORE_ARGS: readonly string[] = [
  "check-ignore",
  "-v",
  "-z",
  "--stdin",
  "--no-index",
];

/**
 * Which of `paths` the repository's own `.gitignore` files ignore, tracked or not (`--no-index`,
 * so a force-added or previously tracked file is still judged). Personal rules
 * (.git/info/exclude, core.excludesFile) are left out: they are not the repository's policy, and
 * CI would not see them. One process per run; check-ignore exits 1 when nothing matches.
 * Output with -v -z, four fields per matched path, the deciding pattern first (a `!` pattern
 * means "not ignored"):  ".gitignore\01\0*.log\0debug.log\0"
 */
export async function ignoredPaths(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const out = await gitAsync(CHECK_IGNORE_ARGS, {
    cwd: root,
    input: `${paths.join("\0")}\0`,
    okStatus: [0, 1],
  });
  return parseCheckIgnoreVerbose(out.toString("utf8"));
}

export function parseCheckIgnoreVerbose(output: string): Set<string> {
  const fields = splitNul(output);
  const ignored = new Set<string>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const source = fields[i] as string;
    const pattern = fields[i + 2] as string;
    const path = fields[i + 3] as string;
    // The repository's own files are named relative to the root; a personal core.excludesFile
    // (even one called ~/.gitignore) comes with an absolute path, info/exclude under .git/.
    const fromGitignore =
      !source.startsWith("/") &&
      !source.startsWith(".git/") &&
      (source === ".gitignore" || source.endsWith("/.gitignore"));
    if (fromGitignore && !pattern.startsWith("!")) ignored.add(path);
  }
  return ignored;
}
