import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, extraNodeBinDir, requireTool, which } from "../helpers/project-copy.js";
import { hermeticEnv, PROJECT_ROOT, type RunResult, run, tempDir } from "../helpers/repo.js";

// The three ways users install the hooks, each exercised for real (issue 2).
const MB = 1024 * 1024;
const VERSION = "9.9.9";
const base = tempDir("mlh-e2e-");
const env = hermeticEnv(base, {
  npm_config_cache: join(base, "npm-cache"), // empty: nothing may come from a warm cache
  npm_config_offline: "true",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
});
let project = "";

const must = (result: RunResult, what: string): RunResult => {
  if (result.status !== 0)
    throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
};

function consumerRepo(name: string, extraEnv: NodeJS.ProcessEnv = env): string {
  const dir = join(base, name);
  must(run("git", ["init", "-q", "-b", "main", dir], base, extraEnv), "git init");
  return dir;
}

let release: RunResult;
beforeAll(() => {
  project = copyProject(join(base, "ml-hygiene"), env);
  release = run("npm", ["run", "--silent", "release", "--", VERSION], project, env);
});
afterAll(() => {
  // Leave the folder when debugging: ML_HYGIENE_KEEP_E2E=1.
  if (!process.env.ML_HYGIENE_KEEP_E2E) run("rm", ["-rf", base], "/", env);
});

describe("1. pre-commit framework, from a release commit", () => {
  const hasPreCommit = which("pre-commit") !== null;

  it("npm run release makes a tagged commit with dist/ and a dependency-free package.json", () => {
    must(release, "npm run release");
    const manifest = JSON.parse(
      must(run("git", ["show", `v${VERSION}:package.json`], project, env), "git show").stdout,
    );
    expect(manifest.version).toBe(VERSION);
    expect(manifest.engines).toEqual({ node: ">=18.19" });
    for (const key of ["dependencies", "devDependencies", "scripts", "allowScripts"])
      expect(manifest).not.toHaveProperty(key);
    const tree = must(
      run("git", ["ls-tree", "-r", "--name-only", `v${VERSION}`], project, env),
      "ls-tree",
    ).stdout;
    for (const bin of Object.values(manifest.bin as Record<string, string>))
      expect(tree).toContain(bin);
    // main is untouched: the release commit is on no branch.
    expect(run("git", ["branch", "--contains", `v${VERSION}`], project, env).stdout.trim()).toBe(
      "",
    );
    expect(run("git", ["status", "--porcelain", "--untracked-files=no"], project, env).stdout).toBe(
      "",
    );
  });

  const preCommitCase = (label: string, nodeBin: () => string | null | undefined) =>
    it(`blocks a 6 MB commit and passes with --maxkb=10000 (${label})`, () => {
      if (!requireTool(hasPreCommit, "Debian's pre-commit")) return;
      const binDir = nodeBin();
      if (binDir === null && !requireTool(false, `Node for ${label} (.ci/${label})`)) return;
      const pathEnv = {
        ...env,
        PATH: `${binDir ? `${binDir}:` : ""}${env.PATH}`,
        PRE_COMMIT_HOME: join(base, `pre-commit-home-${label}`),
      };
      const repo = consumerRepo(`consumer-pre-commit-${label}`, pathEnv);
      const config = (args: string) =>
        `repos:\n- repo: ${project}\n  rev: v${VERSION}\n  hooks:\n  - id: check-large-files\n${args}`;
      writeFileSync(join(repo, ".pre-commit-config.yaml"), config(""));
      must(run("pre-commit", ["install"], repo, pathEnv), "pre-commit install");
      writeFileSync(join(repo, "model.bin"), Buffer.alloc(6 * MB, 1));
      must(run("git", ["add", "."], repo, pathEnv), "git add");
      const blocked = run("git", ["commit", "-m", "add model"], repo, pathEnv);
      expect(blocked.status, blocked.stdout + blocked.stderr).toBe(1);
      const output = blocked.stdout + blocked.stderr;
      expect(output).toContain("model.bin: 6.0 MB exceeds the 500 KB limit");
      expect(output).toContain("git lfs track model.bin");
      writeFileSync(join(repo, ".pre-commit-config.yaml"), config("    args: [--maxkb=10000]\n"));
      must(run("git", ["add", "."], repo, pathEnv), "git add");
      const passed = run("git", ["commit", "-m", "add model"], repo, pathEnv);
      expect(passed.status, passed.stdout + passed.stderr).toBe(0);
      expect(passed.stdout + passed.stderr).toMatch(/check large files.*Passed/);
    });

  it("strip-notebook: the first commit strips a dirty notebook and fails, the second passes", () => {
    if (!requireTool(hasPreCommit, "Debian's pre-commit")) return;
    const hookEnv = { ...env, PRE_COMMIT_HOME: join(base, "pre-commit-home-notebook") };
    const repo = consumerRepo("consumer-pre-commit-notebook", hookEnv);
    writeFileSync(
      join(repo, ".pre-commit-config.yaml"),
      `repos:\n- repo: ${project}\n  rev: v${VERSION}\n  hooks:\n  - id: strip-notebook\n`,
    );
    must(run("pre-commit", ["install"], repo, hookEnv), "pre-commit install");
    const notebook = {
      cells: [
        {
          cell_type: "code",
          execution_count: 1,
          id: "c0ffee00",
          metadata: {},
          outputs: [{ name: "stdout", output_type: "stream", text: ["42\n"] }],
          source: ["print(42)"],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(repo, "analysis.ipynb"), `${JSON.stringify(notebook, null, 1)}\n`);
    must(run("git", ["add", "."], repo, hookEnv), "git add");
    const first = run("git", ["commit", "-m", "notebook"], repo, hookEnv);
    expect(first.status, first.stdout + first.stderr).toBe(1);
    expect(first.stdout + first.stderr).toContain("files were modified by this hook");
    const stripped = JSON.parse(readFileSync(join(repo, "analysis.ipynb"), "utf8"));
    expect(stripped.cells[0].outputs).toEqual([]);
    expect(stripped.cells[0].execution_count).toBeNull();
    must(run("git", ["add", "."], repo, hookEnv), "git add");
    const second = run("git", ["commit", "-m", "notebook"], repo, hookEnv);
    expect(second.status, second.stdout + second.stderr).toBe(0);
  });

  preCommitCase("node-on-path", () => undefined);
  // pre-commit runs a node hook on the system Node: prove the bundle on Debian 13's Node 20.
  preCommitCase("node20", () => extraNodeBinDir(20));
});

/** `npm pack` of the project, made once (its prepack builds dist/ as a user's pack would). */
let packed: string | null = null;
function tarball(): string {
  if (packed) return packed;
  const packDir = join(base, "pack");
  must(run("mkdir", ["-p", packDir], base, env), "mkdir");
  must(
    run("npm", ["pack", "--silent", "--pack-destination", packDir], project, {
      ...env,
      npm_config_offline: "false",
    }),
    "npm pack",
  );
  const [name] = readdirSync(packDir).filter((file) => file.endsWith(".tgz"));
  if (!name) throw new Error("npm pack made no tarball");
  packed = join(packDir, name);
  return packed;
}

/** A fresh project (and git repository) with the tarball installed, offline, from an empty cache. */
function npmConsumer(name: string): string {
  const consumer = consumerRepo(name);
  writeFileSync(
    join(consumer, "package.json"),
    '{"name":"consumer","version":"1.0.0","private":true}\n',
  );
  must(run("npm", ["install", "--no-save", tarball()], consumer, env), "npm install tarball");
  return consumer;
}

describe("2. npm tarball of main", () => {
  it("npm pack, then npm install <tarball> in a fresh project: the bin works", () => {
    const consumer = npmConsumer("consumer-npm");
    const bin = join(consumer, "node_modules", ".bin", "check-large-files");
    expect(must(run(bin, ["--version"], consumer, env), "version").stdout).toMatch(
      /^check-large-files \(ml-hygiene\) /,
    );
    writeFileSync(join(consumer, "big.bin"), Buffer.alloc(MB));
    must(run("git", ["add", "big.bin"], consumer, env), "git add");
    const result = run(bin, [], consumer, env);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("big.bin: 1.0 MB exceeds the 500 KB limit");
  });
});

describe("3. husky", () => {
  it(".husky/pre-commit calls check-large-files by name and blocks the commit", () => {
    const consumer = npmConsumer("consumer-husky");
    // husky 9's own installer (what its `prepare` script runs): sets core.hooksPath=.husky/_.
    must(
      run(process.execPath, [join(PROJECT_ROOT, "node_modules", "husky", "bin.js")], consumer, env),
      "husky",
    );
    writeFileSync(join(consumer, ".husky", "pre-commit"), "check-large-files\n");
    writeFileSync(join(consumer, "weights.bin"), Buffer.alloc(6 * MB, 1));
    writeFileSync(join(consumer, "notes.txt"), "hello\n");
    must(run("git", ["add", "weights.bin", "notes.txt"], consumer, env), "git add");
    const blocked = run("git", ["commit", "-m", "weights"], consumer, env);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain(
      "weights.bin: 6.0 MB exceeds the 500 KB limit",
    );
    must(run("git", ["rm", "-q", "--cached", "weights.bin"], consumer, env), "git rm");
    const passed = run("git", ["commit", "-q", "-m", "notes"], consumer, env);
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  });
});
