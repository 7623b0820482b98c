import { isAbsolute, resolve } from "node:path";
import { lazyBuiltin } from "../runtime/builtin.js";

/** Loaded on first use: FILE-mode runs that start no git do not pay for it. */
const childProcess = lazyBuiltin<typeof import("node:child_process")>("node:child_process");

/** The only place that starts `git`. Everything is batched: one process per question per run. */

export class GitError extends Error {
  override readonly name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly status: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed (${status ?? "signal"}): ${stderr.trim().split("\n")[0]}`);
  }
}

export interface GitOptions {
  readonly cwd: string;
  readonly input?: string | Buffer;
  /** Exit codes that are answers rather than failures (check-ignore exits 1 for "none"). */
  readonly okStatus?: readonly number[];
  /** Extra environment variables for this call. */
  readonly env?: NodeJS.ProcessEnv;
}

const MAX_BUFFER = 2 ** 31 - 1;

/** Variables git reads as paths relative to the cwd we were started in, not the one we pass. */
// GIT_INDEX_FILE is not among them: git reads a relative one from the work-tree root, which is
// where every git we start runs anyway.
const PATH_VARIABLES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"];
let childEnv: NodeJS.ProcessEnv | undefined;

/**
 * The environment for git children: ours, with relative repository paths made absolute, since
 * every git runs with the repository root as its cwd. `extra` adds variables for one call.
 */
export function gitEnvironment(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined {
  if (childEnv === undefined) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of PATH_VARIABLES) {
      const value = env[name];
      if (value && !isAbsolute(value)) env[name] = resolve(process.cwd(), value);
    }
    childEnv = env;
  }
  return extra ? { ...childEnv, ...extra } : childEnv;
}

export function gitSync(args: readonly string[], options: GitOptions): Buffer {
  const result = childProcess().spawnSync("git", args as string[], {
    cwd: options.cwd,
    env: gitEnvironment(options.env),
    input: options.input,
    maxBuffer: MAX_BUFFER,
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (result.error) throw new GitError(args, null, result.error.message);
  const ok = options.okStatus ?? [0];
  if (result.status === null || !ok.includes(result.status)) {
    throw new GitError(args, result.status, result.stderr.toString());
  }
  return result.stdout;
}

/** Same as gitSync, but lets independent git questions run at the same time. */
export function gitAsync(args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn("git", args as string[], {
      cwd: options.cwd,
      env: gitEnvironment(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new GitError(args, null, error.message)));
    child.on("close", (status) => {
      const ok = options.okStatus ?? [0];
      if (status !== null && ok.includes(status)) resolve(Buffer.concat(out));
      else reject(new GitError(args, status, Buffer.concat(err).toString()));
    });
    // A git that exits early (bad revision) closes stdin; the EPIPE is reported by "close".
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** Split NUL-terminated git output (`-z`) into strings. */
export function splitNul(output: Buffer | string): string[] {
  const text = typeof output === "string" ? output : output.toString("utf8");
  const parts = text.split("\0");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}
