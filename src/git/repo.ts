import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { gitSync } from "./run.js";

export interface Repo {
  /** Absolute path of the working tree's top level. */
  readonly root: string;
  /** Absolute path of the git directory (`.git`, or a worktree's/submodule's). */
  readonly gitDir: string;
}

/**
 * Find the repository that contains `cwd`, or null. The common case (a `.git` folder or file
 * above cwd, no GIT_DIR/GIT_WORK_TREE in the environment) is answered from the file system,
 * which saves a git spawn on every commit; anything unusual asks `git rev-parse`.
 */
export function findRepo(cwd: string, env: NodeJS.ProcessEnv = process.env): Repo | null {
  if (!env.GIT_DIR && !env.GIT_WORK_TREE && !env.GIT_CEILING_DIRECTORIES) {
    // No .git anywhere above: git would say the same, so save its ~6 ms.
    const found = walkUpForDotGit(cwd);
    if (found !== UNSURE) return found;
  }
  return askGit(cwd);
}

const UNSURE = "unsure";

function walkUpForDotGit(start: string): Repo | null | typeof UNSURE {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) {
      try {
        const stat = statSync(dotGit);
        if (stat.isDirectory() && existsSync(join(dotGit, "HEAD")))
          return { root: dir, gitDir: dotGit };
        if (stat.isFile()) {
          // Linked worktrees and submodules: ".git" holds "gitdir: <path>".
          const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, "utf8"));
          if (match?.[1]) {
            const gitDir = isAbsolute(match[1]) ? match[1] : resolve(dir, match[1]);
            return { root: dir, gitDir };
          }
        }
      } catch {
        return UNSURE;
      }
      return UNSURE;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function askGit(cwd: string): Repo | null {
  try {
    const [root, gitDir] = gitSync(["rev-parse", "--show-toplevel", "--absolute-git-dir"], { cwd })
      .toString("utf8")
      .split("\n");
    if (!root || !gitDir) return null;
    return { root, gitDir };
  } catch {
    return null;
  }
}
