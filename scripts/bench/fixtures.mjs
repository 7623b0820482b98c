// Repositories for `npm run bench`, built in temp folders with a hermetic git environment.
import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import gitCalls from "./git-calls.cjs";

const { parseStagedDiff, STAGED_DIFF } = gitCalls;

/** Variables that would change what git or a hook does, or how fast Node starts. */
const DROPPED = /^(GIT_|ML_HYGIENE_|PRE_COMMIT|NODE_OPTIONS$|NODE_COMPILE_CACHE$|FORCE_COLOR$)/;

/** process.env without the variables above, plus a private, empty-ish git configuration. */
export function hermeticEnv(tmp) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!DROPPED.test(key)) env[key] = value;
  }
  const globalConfig = join(tmp, "gitconfig");
  writeFileSync(globalConfig, "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n");
  return Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_AUTHOR_NAME: "Bench",
    GIT_AUTHOR_EMAIL: "bench@example.invalid",
    GIT_COMMITTER_NAME: "Bench",
    GIT_COMMITTER_EMAIL: "bench@example.invalid",
    GIT_TERMINAL_PROMPT: "0",
  });
}

export function git(cwd, env, args, input) {
  const result = spawnSync("git", args, { cwd, env, input, maxBuffer: 2 ** 31 - 1 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${result.stderr.toString().trim()}`);
  }
  return result.stdout.toString("utf8");
}

/** Staged entries as check-large-files asks for them: [{ path, oid }]. */
export function stagedEntries(cwd, env) {
  return parseStagedDiff(git(cwd, env, STAGED_DIFF));
}

function write(root, path, content) {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Deterministic source-like text of about `bytes` bytes. */
function text(seed, bytes) {
  let out = `# generated file ${seed}\n`;
  for (let i = 0; out.length < bytes; i++) {
    out += `def step_${seed}_${i}(x, lr=${(i % 7) / 10}):\n    return x * ${i} + lr  # ${seed}\n`;
  }
  return out;
}

/** Deterministic incompressible bytes (an image, a small weight file). */
function noise(seed, bytes) {
  const buffer = Buffer.alloc(bytes);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    buffer[i] = state & 0xff;
  }
  return buffer;
}

const GITIGNORE = "__pycache__/\n*.pyc\n.env\n.venv/\nmlruns/\nwandb/\n*.log\n";

function init(root, env) {
  mkdirSync(root, { recursive: true });
  git(root, env, ["init", "-q"]);
  write(root, ".gitignore", GITIGNORE);
  write(root, "README.md", "# bench repository\n");
}

/**
 * A small ML repository (200 committed files) with a 10-file commit staged: 5 files modified
 * and 5 added (1 KB to 200 KB, all under the default 500 KB limit, so the hook passes).
 */
export function tenFileCommit(root, env) {
  init(root, env);
  for (let i = 0; i < 200; i++) write(root, `src/pkg${i % 10}/mod${i}.py`, text(i, 1000 + i * 10));
  git(root, env, ["add", "-A"]);
  git(root, env, ["commit", "-q", "-m", "initial"]);
  const modified = [0, 1, 2, 3, 4].map((i) => `src/pkg${i % 10}/mod${i}.py`);
  for (const [n, path] of modified.entries()) write(root, path, text(1000 + n, 3000));
  const added = {
    "configs/train.yaml": text(2001, 1024),
    "src/model.py": text(2002, 8 * 1024),
    "docs/results.md": text(2003, 16 * 1024),
    "data/sample.csv": text(2004, 64 * 1024),
    "assets/confusion.png": noise(2005, 200 * 1024),
  };
  for (const [path, content] of Object.entries(added)) write(root, path, content);
  const staged = [...modified, ...Object.keys(added)];
  git(root, env, ["add", "--", ...staged]);
  return { root, staged };
}

/**
 * A repository of `tracked` committed files (real files in the work tree, packed) with `staged`
 * of them staged: half modified, half added.
 */
export function largeRepo(root, env, tracked = 50_000, staged = 100) {
  init(root, env);
  const perDir = 100;
  for (let d = 0; d * perDir < tracked; d++)
    mkdirSync(join(root, `lib/pkg${d}`), { recursive: true });
  for (let i = 0; i < tracked; i++) {
    writeFileSync(join(root, `lib/pkg${Math.floor(i / perDir)}/mod${i}.py`), `VALUE = ${i}\n`);
  }
  git(root, env, ["add", "-A"]);
  git(root, env, ["commit", "-q", "-m", "initial"]);
  git(root, env, ["repack", "-a", "-d", "-q"]);
  const paths = [];
  for (let n = 0; n < staged; n++) {
    const i = (n * 997) % tracked;
    const path =
      n % 2 === 0 ? `lib/pkg${Math.floor(i / perDir)}/mod${i}.py` : `lib/new/feature${n}.py`;
    write(root, path, text(n, 2000));
    paths.push(path);
  }
  const unique = [...new Set(paths)];
  git(root, env, ["add", "--", ...unique]);
  return { root, staged: unique };
}

/** A repository with one 1 GiB sparse file staged (git add hashes it once: a few seconds). */
export function hugeFile(root, env) {
  init(root, env);
  git(root, env, ["add", "-A"]);
  git(root, env, ["commit", "-q", "-m", "initial"]);
  const path = "models/checkpoint.pt";
  mkdirSync(join(root, "models"), { recursive: true });
  const fd = openSync(join(root, path), "w");
  ftruncateSync(fd, 1024 ** 3);
  closeSync(fd);
  git(root, env, ["add", "--", path]);
  return { root, staged: [path] };
}
