import { spawnSync } from "node:child_process";
import { chmodSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DIST_BIN, hermeticEnv, jsonReport, run, TestRepo, tempDir } from "../helpers/repo.js";

const MB = 1024 * 1024;
const HOOK = "check-large-files";
const bytes = (n: number, fill = "x"): Buffer => Buffer.alloc(n, fill);
const hasGitLfs = spawnSync("git", ["lfs", "version"]).status === 0;

let repo: TestRepo;
beforeAll(() => {
  if (spawnSync(process.execPath, [join(DIST_BIN, `${HOOK}.cjs`), "--version"]).status !== 0) {
    throw new Error("dist/ is not built: run npm run build (npm test does it)");
  }
});
afterEach(() => repo?.cleanup());

/** Install the built hook as a plain git pre-commit hook (husky does the same, by name). */
function installGitHook(r: TestRepo, args = ""): void {
  const hook = r.write(
    ".git/hooks/pre-commit",
    `#!/bin/sh\nexec "${process.execPath}" "${join(DIST_BIN, `${HOOK}.cjs`)}" ${args}\n`,
  );
  chmodSync(hook, 0o755);
}

describe("check-large-files, staged mode (no file names: husky, plain git hooks)", () => {
  it("blocks a git commit of a 6 MB file, naming size, limit and fix", () => {
    repo = new TestRepo();
    installGitHook(repo);
    repo.write("small.txt", "hello\n");
    repo.write("data/model.bin", bytes(6 * MB));
    repo.git("add", ".");
    // git sends a hook's output to stderr.
    const commit = repo.tryGit("commit", "-q", "-m", "add model");
    expect(commit.status).toBe(1);
    expect(commit.stderr).toContain("data/model.bin: 6.0 MB exceeds the 500 KB limit");
    expect(commit.stderr).toContain("dvc add data/model.bin");
    expect(commit.stderr).toContain("git lfs track data/model.bin");
    expect(commit.stderr).toContain("check-large-files: 1 problem in 2 files checked");
    expect(repo.tryGit("rev-parse", "HEAD").status).not.toBe(0);
  });

  it("passes with a raised limit from the flag or from .ml-hygiene.yaml", () => {
    repo = new TestRepo();
    repo.write("model.bin", bytes(6 * MB));
    repo.git("add", ".");
    expect(repo.hook(HOOK, ["--maxkb=10000"]).status).toBe(0);
    repo.write(".ml-hygiene.yaml", "check-large-files:\n  maxkb: 10000\n");
    expect(repo.hook(HOOK).status).toBe(0);
    expect(repo.hook(HOOK, ["--maxkb", "100"]).status).toBe(1); // flags win
  });

  it("judges the staged content, not the working tree (partial staging)", () => {
    repo = new TestRepo();
    repo.write("a.bin", "small");
    repo.git("add", "a.bin");
    repo.write("a.bin", bytes(2 * MB)); // unstaged growth: not part of the commit
    expect(repo.hook(HOOK).status).toBe(0);
    repo.write("b.bin", bytes(2 * MB));
    repo.git("add", "b.bin");
    repo.write("b.bin", "small now, but the big version is staged");
    const result = jsonReport(repo.hook(HOOK, ["--format", "json"]));
    expect(result.findings.map((f) => [f.path, f.rule])).toEqual([["b.bin", "too-large"]]);
  });

  it("only counts files being added unless --enforce-all", () => {
    repo = new TestRepo();
    repo.write("grow.bin", "x");
    repo.git("add", ".");
    repo.git("commit", "-q", "-m", "init");
    repo.write("grow.bin", bytes(MB));
    repo.git("add", ".");
    expect(repo.hook(HOOK).status).toBe(0);
    expect(repo.hook(HOOK, ["--enforce-all"]).status).toBe(1);
  });

  it("honours GIT_INDEX_FILE: git commit -a and git commit -- path", () => {
    repo = new TestRepo();
    repo.write("grow.bin", "x");
    repo.write("other.txt", "x");
    repo.git("add", ".");
    repo.git("commit", "-q", "-m", "init");
    installGitHook(repo, "--enforce-all");
    repo.write("grow.bin", bytes(MB)); // not staged: only commit -a / commit -- path see it
    const all = repo.tryGit("commit", "-q", "-a", "-m", "grow");
    expect(all.status).toBe(1);
    expect(all.stderr).toContain("grow.bin: 1.0 MB exceeds the 500 KB limit");
    const only = repo.tryGit("commit", "-q", "-m", "grow", "--", "grow.bin");
    expect(only.status).toBe(1);
    expect(only.stderr).toContain("grow.bin");
    repo.write("other.txt", "y");
    expect(repo.tryGit("commit", "-q", "-m", "other", "--", "other.txt").status).toBe(0);
  });

  it("never treats an LFS file as large (attribute or real git-lfs pointer)", () => {
    repo = new TestRepo();
    repo.write(".gitattributes", "*.ckpt filter=lfs diff=lfs merge=lfs -text\n");
    if (hasGitLfs) repo.git("lfs", "install", "--local");
    repo.write("weights.ckpt", bytes(3 * MB));
    repo.git("add", ".");
    const report = repo.hook(HOOK, ["--format", "json"]);
    if (hasGitLfs) {
      expect(jsonReport(report).findings).toEqual([]);
      expect(report.status).toBe(0);
    } else {
      // Without git-lfs the whole file was staged: that is the mistake to name.
      expect(jsonReport(report).findings[0]?.message).toMatch(/filter=lfs — Git LFS did not run/);
    }
    expect(repo.hook(HOOK, ["weights.ckpt"]).status).toBe(0); // FILE mode: the smudged file
  });

  it.skipIf(!hasGitLfs)("passes a commit of a real Git LFS pointer", () => {
    repo = new TestRepo();
    installGitHook(repo);
    repo.git("lfs", "install", "--local");
    repo.git("lfs", "track", "*.pt");
    repo.write("model.pt", bytes(6 * MB));
    repo.git("add", ".");
    // The index records the full size for LFS files; the blob is the ~130-byte pointer.
    expect(repo.git("cat-file", "-s", ":model.pt").trim()).toMatch(/^1\d\d$/);
    expect(repo.tryGit("commit", "-q", "-m", "lfs model").status).toBe(0);
  });

  it("judges a 1 GB sparse file by its size without reading it", () => {
    repo = new TestRepo();
    const file = join(repo.root, "huge.bin");
    writeFileSync(file, "");
    truncateSync(file, 1024 * MB);
    const fileMode = repo.hook(HOOK, ["--enforce-all", "huge.bin"]);
    expect(fileMode.stdout).toContain("huge.bin: 1.0 GB exceeds the 500 KB limit");
    repo.git("add", "huge.bin");
    const started = Date.now();
    const staged = repo.hook(HOOK);
    expect(staged.status).toBe(1);
    expect(staged.stdout).toContain("huge.bin: 1.0 GB exceeds");
    expect(Date.now() - started).toBeLessThan(10_000); // generous: this is not a timing test
  });

  it("handles spaces, unicode, newlines, symlinks and submodule entries in paths", () => {
    repo = new TestRepo();
    repo.write("with space/ünïcødé 模型.bin", bytes(MB));
    repo.write("new\nline.bin", bytes(MB));
    symlinkSync("with space", join(repo.root, "link"));
    const sub = new TestRepo();
    sub.write("x", "x");
    sub.git("add", ".");
    sub.git("commit", "-q", "-m", "sub");
    repo.git(
      "update-index",
      "--add",
      "--cacheinfo",
      `160000,${sub.git("rev-parse", "HEAD").trim()},vendor/sub`,
    );
    sub.cleanup();
    repo.git("add", ".");
    const report = jsonReport(repo.hook(HOOK, ["--format", "json"]));
    expect(report.findings.map((f) => f.path).sort()).toEqual([
      "new\nline.bin",
      "with space/ünïcødé 模型.bin",
    ]);
  });

  it("names the real mistake when filter=lfs is set but the whole file was staged", () => {
    repo = new TestRepo();
    repo.write(".gitattributes", "*.ckpt filter=lfs diff=lfs merge=lfs -text\n");
    repo.write("weights.ckpt", bytes(MB));
    repo.git("add", ".gitattributes");
    // Stage the file with LFS's filter out of the way, as a clone without git-lfs would.
    repo.git(
      "-c",
      "filter.lfs.clean=cat",
      "-c",
      "filter.lfs.required=false",
      "add",
      "weights.ckpt",
    );
    const report = jsonReport(repo.hook(HOOK, ["--format", "json"]));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.message).toBe(
      "1.0 MB staged as a whole file although .gitattributes says filter=lfs — Git LFS did not run",
    );
    expect(report.findings[0]?.fix).toContain("git lfs install");
  });

  it("with --all-files, a committed whole file on an LFS path is not new: only --enforce-all reports it", () => {
    repo = new TestRepo();
    repo.write("big.bin", bytes(MB));
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "before LFS");
    repo.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
    repo.git("add", ".gitattributes");
    repo.git("commit", "-q", "--no-verify", "-m", "LFS rule");
    expect(repo.hook(HOOK, ["--all-files"]).status).toBe(0);
    expect(
      jsonReport(repo.hook(HOOK, ["--all-files", "--enforce-all", "--format=json"])).findings[0]
        ?.message,
    ).toMatch(/Git LFS did not run/);
  });

  it.skipIf(!hasGitLfs)("never flags a real LFS pointer, even with --maxkb 0", () => {
    repo = new TestRepo();
    repo.git("lfs", "install", "--local");
    repo.git("lfs", "track", "*.pt");
    repo.write("model.pt", bytes(MB));
    repo.git("add", ".");
    const report = jsonReport(repo.hook(HOOK, ["--maxkb", "0", "--format=json"]));
    expect(report.findings.map((f) => f.path)).toEqual([".gitattributes"]);
  });

  it("does not count a pure rename as added, and reads no blob to tell", () => {
    repo = new TestRepo();
    repo.write("old.bin", bytes(MB));
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "init");
    repo.git("mv", "old.bin", "moved.bin");
    repo.write("new.bin", bytes(MB, "y"));
    repo.git("add", ".");
    const report = jsonReport(repo.hook(HOOK, ["--format=json"]));
    expect(report.findings.map((f) => f.path)).toEqual(["new.bin"]);
    expect(
      jsonReport(repo.hook(HOOK, ["--format=json", "moved.bin", "new.bin"])).findings.map(
        (f) => f.path,
      ),
    ).toEqual(["new.bin"]);
  });

  it("ignores personal ignore rules (.git/info/exclude) for the gitignored rule", () => {
    repo = new TestRepo();
    repo.write(".git/info/exclude", "*.csv\n");
    repo.write("data.csv", "a,b\n");
    repo.git("add", "-f", "data.csv");
    expect(repo.hook(HOOK).status).toBe(0);
  });

  it("quotes a path that starts with a dash so the suggested commands work", () => {
    repo = new TestRepo();
    repo.write("-dash.bin", bytes(MB));
    repo.git("add", "--", "-dash.bin");
    const [finding] = jsonReport(repo.hook(HOOK, ["--format=json"])).findings;
    expect(finding?.fix).toContain("git rm --cached ./-dash.bin");
  });

  it("reads a relative GIT_INDEX_FILE from the work-tree root, as git does", () => {
    repo = new TestRepo();
    repo.write("sub/a.bin", bytes(MB));
    repo.git("add", ".");
    const result = repo.hook(HOOK, [], {
      cwd: join(repo.root, "sub"),
      env: { GIT_INDEX_FILE: ".git/index" },
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain("sub/a.bin: 1.0 MB");
  });

  it("works with relative GIT_DIR and GIT_WORK_TREE from a subfolder", () => {
    repo = new TestRepo();
    repo.write("sub/a.bin", bytes(MB));
    repo.git("add", ".");
    const result = repo.hook(HOOK, [], {
      cwd: join(repo.root, "sub"),
      env: { GIT_DIR: "../.git", GIT_WORK_TREE: ".." },
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain("sub/a.bin: 1.0 MB");
  });

  it("checks every tracked file with --all-files", () => {
    repo = new TestRepo();
    repo.write("old.bin", bytes(MB));
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "init");
    expect(repo.hook(HOOK).status).toBe(0); // nothing staged
    expect(repo.hook(HOOK, ["--all-files"]).status).toBe(0); // committed, not added
    expect(
      jsonReport(repo.hook(HOOK, ["--all-files", "--enforce-all", "--format=json"])).findings[0]
        ?.path,
    ).toBe("old.bin");
  });
});

describe("check-large-files, FILE mode (pre-commit, lint-staged)", () => {
  it("checks only the given files that are being added, printing paths as given", () => {
    repo = new TestRepo();
    repo.write("a.bin", bytes(MB));
    repo.write("b.bin", bytes(MB));
    repo.git("add", "a.bin");
    const result = repo.hook(HOOK, ["a.bin", "b.bin", "missing.bin", "--format", "json"]);
    expect(jsonReport(result).findings.map((f) => f.path)).toEqual(["a.bin"]);
    const absolute = jsonReport(repo.hook(HOOK, [join(repo.root, "a.bin"), "--format=json"]));
    expect(absolute.findings[0]?.path).toBe(join(repo.root, "a.bin"));
    expect(
      jsonReport(repo.hook(HOOK, ["--enforce-all", "--format=json", "a.bin", "b.bin"])).findings,
    ).toHaveLength(2);
  });

  it("works from a subfolder with relative paths", () => {
    repo = new TestRepo();
    repo.write("sub/a.bin", bytes(MB));
    repo.git("add", ".");
    const result = repo.hook(HOOK, ["a.bin"], { cwd: join(repo.root, "sub") });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("a.bin: 1.0 MB");
  });

  it("skips excluded paths (--exclude and config, added up)", () => {
    repo = new TestRepo();
    repo.write("docs/a.bin", bytes(MB));
    repo.write("data/b.bin", bytes(MB));
    repo.git("add", ".");
    expect(
      jsonReport(repo.hook(HOOK, ["--exclude", "docs/**", "--format=json"])).findings.map(
        (f) => f.path,
      ),
    ).toEqual(["data/b.bin"]);
    repo.write(".ml-hygiene.yaml", "check-large-files:\n  exclude: ['data/**']\n");
    expect(repo.hook(HOOK, ["--exclude", "docs/**"]).status).toBe(0);
  });
});

describe("check-large-files, ML rules", () => {
  it("blocks artifact folders whatever the size, and the rule can be turned off", () => {
    repo = new TestRepo();
    repo.write("mlruns/0/meta.yaml", "name: x\n");
    repo.write("exp/wandb/run-1/config.yaml", "a: 1\n");
    repo.git("add", ".");
    const report = jsonReport(repo.hook(HOOK, ["--format=json"]));
    expect(report.findings.map((f) => [f.path, f.rule])).toEqual([
      ["exp/wandb/run-1/config.yaml", "artifact-dir"],
      ["mlruns/0/meta.yaml", "artifact-dir"],
    ]);
    expect(repo.hook(HOOK, ["--no-artifact-dirs"]).status).toBe(0);
    expect(
      jsonReport(repo.hook(HOOK, ["--artifact-dir", "wandb", "--format=json"])).findings,
    ).toHaveLength(1);
  });

  it("blocks a file DVC already tracks, and suggests dvc add for large files in a DVC repo", () => {
    repo = new TestRepo();
    repo.write(".dvc/config", "[core]\n    remote = storage\n");
    repo.write(
      "data/train.csv.dvc",
      "outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 6\n  hash: md5\n  path: train.csv\n",
    );
    repo.write(
      "dvc.yaml",
      "stages:\n  train:\n    cmd: python train.py\n    outs:\n    - models/\n    metrics:\n    - eval.json:\n        cache: false\n",
    );
    repo.write("data/.gitignore", "/train.csv\n");
    repo.write("data/train.csv", "a,b\n");
    repo.write("models/model.pkl", "x");
    repo.write("eval.json", "{}");
    repo.write("weights.bin", bytes(MB));
    repo.git("add", ".");
    repo.git("add", "-f", "data/train.csv");
    const report = jsonReport(repo.hook(HOOK, ["--format=json"]));
    expect(report.findings.map((f) => [f.path, f.rule])).toEqual([
      ["data/train.csv", "dvc-tracked"],
      ["models/model.pkl", "dvc-tracked"],
      ["weights.bin", "too-large"],
    ]);
    expect(report.findings[0]?.message).toContain("data/train.csv.dvc");
    expect(report.findings[2]?.fix).toContain("dvc add weights.bin");
    expect(report.findings[2]?.fix).not.toContain("lfs");
    expect(repo.hook(HOOK, ["--no-dvc-tracked", "--no-gitignored", "--maxkb=2000"]).status).toBe(0);
  });

  it("reports staged files the ignore rules ignore (force-added or tracked before the rule)", () => {
    repo = new TestRepo();
    repo.write("old.log", "1");
    repo.git("add", ".");
    repo.git("commit", "-q", "-m", "init");
    repo.write(".gitignore", "*.log\n");
    repo.write("old.log", "2");
    repo.write("new.log", "x");
    repo.git("add", ".gitignore", "old.log");
    repo.git("add", "-f", "new.log");
    const report = jsonReport(repo.hook(HOOK, ["--format=json"]));
    expect(report.findings.map((f) => [f.path, f.rule])).toEqual([
      ["new.log", "gitignored"],
      ["old.log", "gitignored"],
    ]);
    expect(repo.hook(HOOK, ["--no-gitignored"]).status).toBe(0);
  });
});

describe("check-large-files, the shared contract's edges", () => {
  it("prints help and version, exit 0", () => {
    repo = new TestRepo();
    const help = repo.hook(HOOK, ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: check-large-files [options] [FILE...]");
    expect(help.stdout).toContain("--maxkb N");
    expect(repo.hook(HOOK, ["--version"]).stdout).toMatch(
      /^check-large-files \(ml-hygiene\) \d+\.\d+\.\d+/,
    );
  });

  it.each([
    [["--bogus"], /unknown option --bogus/],
    [["--maxkb=lots"], /--maxkb needs a whole number/],
    [["--format", "xml"], /--format must be one of text, json/],
    [["--all-files", "a.bin"], /cannot be combined/],
  ])("exits 2 with one line for %j", (args, message) => {
    repo = new TestRepo();
    const result = repo.hook(HOOK, args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 on a malformed .ml-hygiene.yaml, naming file and line", () => {
    repo = new TestRepo();
    repo.write(".ml-hygiene.yaml", "check-large-files:\n  maxkb: 1\n  colour: red\n");
    const result = repo.hook(HOOK);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('.ml-hygiene.yaml:3: unknown setting "colour"');
  });

  it("outside a repository: exit 2 naming the fix, unless --enforce-all with files", () => {
    const dir = tempDir();
    const env = hermeticEnv(dir, { GIT_CEILING_DIRECTORIES: dir });
    writeFileSync(join(dir, "a.bin"), bytes(MB));
    const bin = join(DIST_BIN, `${HOOK}.cjs`);
    const staged = run(process.execPath, [bin], dir, env);
    expect(staged.status).toBe(2);
    expect(staged.stderr).toMatch(/not inside a git repository/);
    expect(run(process.execPath, [bin, "a.bin"], dir, env).status).toBe(2);
    const enforced = run(process.execPath, [bin, "--enforce-all", "a.bin"], dir, env);
    expect(enforced.status).toBe(1);
    expect(enforced.stdout).toContain("a.bin: 1.0 MB exceeds the 500 KB limit");
  });
});
