import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT, run } from "./repo.js";

/**
 * A throwaway git repository holding the project as it is in the work tree (tracked and new,
 * not ignored files), with node_modules linked in: a stand-in for "a clone of this repository".
 */
export function copyProject(dest: string, env: NodeJS.ProcessEnv): string {
  const listed = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  mkdirSync(dest, { recursive: true });
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = join(PROJECT_ROOT, file);
    if (!existsSync(from)) continue; // deleted but not yet staged
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(from, join(dest, file));
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dest, "node_modules"));
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
    ["commit", "-q", "--no-verify", "-m", "snapshot"],
  ]) {
    const result = run("git", args, dest, env);
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  }
  return dest;
}

/** A Node of another major installed for the runtime matrix (.ci/nodeNN or /work/tools/nodeNN). */
export function extraNodeBinDir(major: number): string | null {
  for (const base of [join(PROJECT_ROOT, ".ci", `node${major}`), `/work/tools/node${major}`]) {
    const dir = join(base, "node_modules", ".bin");
    if (existsSync(join(dir, "node"))) return dir;
  }
  return null;
}

/** A command on PATH, or null. */
export function which(command: string): string | null {
  const result = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Skip with a printed notice when a tool is missing, but fail under CI=true. */
export function requireTool(present: boolean, what: string): boolean {
  if (present) return true;
  if (process.env.CI === "true") throw new Error(`${what} is missing, and CI=true requires it`);
  console.warn(`[skipped] ${what} is missing: install it to run this end-to-end test`);
  return false;
}
