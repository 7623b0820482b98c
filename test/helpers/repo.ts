import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST_BIN = join(PROJECT_ROOT, "dist", "bin");

/** A temp folder removed by `cleanup()`. */
export function tempDir(prefix = "mlh-"): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** An environment in which git reads no user or system config (decisions.md #13). */
export function hermeticEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const globalConfig = join(home, ".gitconfig-test");
  writeFileSync(globalConfig, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: "C.UTF-8",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.invalid",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.invalid",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: globalConfig,
    NO_COLOR: "1",
    ...extra,
  };
  return env;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  input?: string | Buffer,
): RunResult {
  const result = spawnSync(command, args as string[], {
    cwd,
    env,
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch git repository with helpers to write, stage and commit. */
export class TestRepo {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(extraEnv: NodeJS.ProcessEnv = {}) {
    const base = tempDir();
    this.root = join(base, "repo");
    mkdirSync(this.root);
    this.env = hermeticEnv(base, extraEnv);
    this.git("init", "-q", "-b", "main");
  }

  git(...args: string[]): string {
    const result = run("git", args, this.root, this.env);
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** git that may fail (e.g. a commit a hook blocks). */
  tryGit(...args: string[]): RunResult {
    return run("git", args, this.root, this.env);
  }

  write(path: string, content: string | Buffer): string {
    const file = join(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  /** Run a built hook binary as a user would (`node dist/bin/<hook>.js ...`). */
  hook(
    id: string,
    args: readonly string[] = [],
    options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; node?: string } = {},
  ): RunResult {
    return run(
      options.node ?? process.execPath,
      [join(DIST_BIN, `${id}.cjs`), ...args],
      options.cwd ?? this.root,
      { ...this.env, ...options.env },
      options.input,
    );
  }

  cleanup(): void {
    rmSync(dirname(this.root), { recursive: true, force: true });
  }
}

/** Parse a hook's `--format json` output. */
export function jsonReport(result: RunResult): {
  hook: string;
  findings: { path: string; line: number | null; rule: string; message: string; fix: string }[];
  modified: string[];
} {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`not JSON (exit ${result.status}): ${result.stdout}\n${result.stderr}`);
  }
}
