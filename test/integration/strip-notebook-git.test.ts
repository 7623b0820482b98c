import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { which } from "../helpers/project-copy.js";
import { DIST_BIN, jsonReport, run, TestRepo } from "../helpers/repo.js";

// strip-notebook inside git: staged mode (index-first) and the git filter commands.
const HOOK = "strip-notebook";

/** A notebook as Jupyter saves it after a run: outputs, counts, volatile metadata. */
function dirtyNotebook(text = "hello"): string {
  return `${JSON.stringify(
    {
      cells: [
        {
          cell_type: "code",
          execution_count: 7,
          id: "f00dcafe",
          metadata: { scrolled: true },
          outputs: [{ name: "stdout", output_type: "stream", text: [`${text}\n`] }],
          source: [`print('${text}')`],
        },
      ],
      metadata: { kernelspec: { display_name: "Python 3", language: "python", name: "python3" } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}

const isClean = (text: string): boolean => {
  const cell = JSON.parse(text).cells[0];
  return (
    cell.outputs.length === 0 && cell.execution_count === null && !("scrolled" in cell.metadata)
  );
};

let repo: TestRepo;
afterEach(() => repo?.cleanup());

function installGitHook(r: TestRepo): void {
  const hook = r.write(
    ".git/hooks/pre-commit",
    `#!/bin/sh\nexec "${process.execPath}" "${join(DIST_BIN, `${HOOK}.cjs`)}"\n`,
  );
  chmodSync(hook, 0o755);
}

describe("strip-notebook, staged mode (no file names)", () => {
  it("strips the staged notebook, re-stages it and lets the commit through clean", () => {
    repo = new TestRepo();
    installGitHook(repo);
    repo.write("nb/analysis.ipynb", dirtyNotebook());
    repo.git("add", ".");
    const commit = repo.tryGit("commit", "-q", "-m", "notebook");
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stderr).toMatch(
      /stripped nb\/analysis\.ipynb in the index \(removed 1 output.*working copy updated/,
    );
    expect(isClean(repo.git("show", "HEAD:nb/analysis.ipynb"))).toBe(true);
    expect(isClean(readFileSync(join(repo.root, "nb/analysis.ipynb"), "utf8"))).toBe(true);
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("strips several staged notebooks in one go, each to its own blob (one hash-object)", () => {
    repo = new TestRepo();
    installGitHook(repo);
    // The blobs' temp folder lives in the git dir: a missing TMPDIR changes nothing, and Node's
    // compile cache (bin wrappers) must not create it either.
    const missingTmp = join(repo.root, "no-such-tmp");
    repo.env.TMPDIR = missingTmp;
    const names = ["a.ipynb", "b.ipynb", "sub dir/c.ipynb"];
    names.forEach((name, i) => {
      repo.write(name, dirtyNotebook(`text ${i}`));
    });
    repo.git("add", ".");
    const commit = repo.tryGit("commit", "-q", "-m", "three");
    expect(commit.status, commit.stderr).toBe(0);
    names.forEach((name, i) => {
      const committed = repo.git("show", `HEAD:${name}`);
      expect(isClean(committed)).toBe(true);
      expect(JSON.parse(committed).cells[0].source).toEqual([`print('text ${i}')`]);
      expect(readFileSync(join(repo.root, name), "utf8")).toBe(committed);
    });
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(existsSync(missingTmp)).toBe(false);
    expect(readdirSync(join(repo.root, ".git")).filter((f) => f.startsWith("ml-hygiene"))).toEqual(
      [],
    );
  });

  it("never sweeps unstaged edits into the commit, and never loses them", () => {
    repo = new TestRepo();
    installGitHook(repo);
    repo.write("a.ipynb", dirtyNotebook("staged"));
    repo.git("add", ".");
    const unstaged = dirtyNotebook("unstaged edit");
    repo.write("a.ipynb", unstaged);
    const commit = repo.tryGit("commit", "-q", "-m", "partial");
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stderr).toContain("left as it is");
    const committed = repo.git("show", "HEAD:a.ipynb");
    expect(isClean(committed)).toBe(true);
    expect(committed).toContain("print('staged')");
    expect(committed).not.toContain("unstaged edit");
    expect(readFileSync(join(repo.root, "a.ipynb"), "utf8")).toBe(unstaged);
  });

  it("works under git commit -a (GIT_INDEX_FILE)", () => {
    repo = new TestRepo();
    repo.write("a.ipynb", JSON.stringify(JSON.parse(dirtyNotebook())));
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "dirty, committed before the hook");
    installGitHook(repo);
    repo.write("a.ipynb", dirtyNotebook("changed"));
    const commit = repo.tryGit("commit", "-q", "-a", "-m", "all");
    expect(commit.status, commit.stderr).toBe(0);
    expect(isClean(repo.git("show", "HEAD:a.ipynb"))).toBe(true);
  });

  it("--verify changes nothing and exits 1; --format json lists what was stripped", () => {
    repo = new TestRepo();
    repo.write("a.ipynb", dirtyNotebook());
    repo.write("b.ipynb", dirtyNotebook("b"));
    repo.git("add", ".");
    const before = repo.git("ls-files", "-s");
    const verify = repo.hook(HOOK, ["--verify"]);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toBe(
      "Dry run: would have stripped a.ipynb\nDry run: would have stripped b.ipynb\n",
    );
    expect(repo.git("ls-files", "-s")).toBe(before);
    const report = jsonReport(repo.hook(HOOK, ["--format", "json"]));
    expect(report).toEqual({ hook: HOOK, findings: [], modified: ["a.ipynb", "b.ipynb"] });
    expect(repo.git("ls-files", "-s")).not.toBe(before);
    expect(repo.hook(HOOK, ["--verify"]).status).toBe(0);
  });

  it("blocks the commit on a staged notebook that is not valid, naming it", () => {
    repo = new TestRepo();
    repo.write("broken.ipynb", '{"cells": [');
    repo.git("add", ".");
    const result = repo.hook(HOOK);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.ipynb: the staged version is not a valid notebook/);
  });

  it("--all-files --verify checks every tracked notebook (CI)", () => {
    repo = new TestRepo();
    repo.write("clean.ipynb", "x");
    repo.write("dirty.ipynb", dirtyNotebook());
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "x");
    repo.write("clean.ipynb", readFileSync(join(repo.root, "dirty.ipynb")));
    repo.hook(HOOK, ["clean.ipynb"]);
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "y");
    const result = repo.hook(HOOK, ["--all-files", "--verify"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("Dry run: would have stripped dirty.ipynb\n");
  });
});

describe("strip-notebook, staged mode in less common setups", () => {
  it("git commit -- path: the commit and the repository's index both get the stripped blob", () => {
    repo = new TestRepo();
    repo.write("nb.ipynb", "{}");
    repo.write("other.txt", "x\n");
    repo.git("add", ".");
    repo.git("commit", "-q", "--no-verify", "-m", "init");
    installGitHook(repo);
    repo.write("nb.ipynb", dirtyNotebook());
    repo.write("other.txt", "y\n");
    repo.git("add", "other.txt");
    const commit = repo.tryGit("commit", "-q", "-m", "partial", "--", "nb.ipynb");
    expect(commit.status, commit.stderr).toBe(0);
    expect(isClean(repo.git("show", "HEAD:nb.ipynb"))).toBe(true);
    expect(repo.git("status", "--porcelain")).toBe("M  other.txt\n");
  });

  it("updates a CRLF working copy (eol=crlf) through git's own conversion", () => {
    repo = new TestRepo();
    repo.write(".gitattributes", "*.ipynb text eol=crlf\n");
    repo.git("add", ".");
    repo.git("commit", "-q", "-m", "attributes");
    repo.write("nb.ipynb", dirtyNotebook().replace(/\n/g, "\r\n"));
    repo.git("add", "nb.ipynb");
    const result = repo.hook(HOOK);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("working copy updated");
    const working = readFileSync(join(repo.root, "nb.ipynb"), "utf8");
    expect(working).toContain("\r\n");
    expect(isClean(working)).toBe(true);
    expect(repo.git("status", "--porcelain")).toBe("A  nb.ipynb\n");
  });

  it("keeps hard links together when it rewrites a notebook", () => {
    repo = new TestRepo();
    repo.write("nb.ipynb", dirtyNotebook());
    linkSync(join(repo.root, "nb.ipynb"), join(repo.root, "twin.ipynb"));
    expect(repo.hook(HOOK, ["nb.ipynb"]).status).toBe(0);
    expect(isClean(readFileSync(join(repo.root, "twin.ipynb"), "utf8"))).toBe(true);
  });

  it("a dry-run or textconv setting in .ml-hygiene.yaml never reaches the git filter", () => {
    repo = new TestRepo();
    repo.write(".ml-hygiene.yaml", "strip-notebook:\n  dry-run: true\n  textconv: true\n");
    expect(repo.hook(HOOK, ["--install"]).status).toBe(0);
    repo.write("nb.ipynb", dirtyNotebook());
    repo.git("add", "nb.ipynb");
    expect(isClean(repo.git("cat-file", "blob", ":nb.ipynb"))).toBe(true);
    repo.write(".ml-hygiene.yaml", "strip-notebook:\n  install: true\n");
    expect(repo.hook(HOOK, ["nb.ipynb"]).stderr).toMatch(/unknown setting "install"/);
  });

  it("Ctrl-C while the stripped blobs are written leaves no temp folder in the git dir", async () => {
    repo = new TestRepo();
    // A git that stops at `hash-object --stdin-paths` (the batch write) until it is killed, and
    // says so: then the hook is interrupted at exactly that point.
    const bin = join(repo.root, "..", "slow-git");
    const ready = join(repo.root, "..", "hash-object.pid");
    const realGit = which("git") as string;
    mkdirSync(bin);
    writeFileSync(
      join(bin, "git"),
      `#!/bin/sh\ncase " $* " in *" --stdin-paths "*) echo $$ > "${ready}"; exec sleep 30;; esac\nexec "${realGit}" "$@"\n`,
      { mode: 0o755 },
    );
    repo.write("a.ipynb", dirtyNotebook("a"));
    repo.write("b.ipynb", dirtyNotebook("b"));
    repo.git("add", ".");
    const child = spawn(process.execPath, [join(DIST_BIN, `${HOOK}.cjs`)], {
      cwd: repo.root,
      env: { ...repo.env, PATH: `${bin}:${repo.env.PATH}` },
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on("exit", (code, signal) => done([code, signal])),
    );
    try {
      for (let waited = 0; !existsSync(ready) && waited < 10_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(existsSync(ready)).toBe(true);
      const blobFolders = () =>
        readdirSync(join(repo.root, ".git")).filter((name) => name.startsWith("ml-hygiene-blobs-"));
      expect(blobFolders()).toHaveLength(1);
      child.kill("SIGINT");
      expect(await exited).toEqual([null, "SIGINT"]);
      expect(blobFolders()).toEqual([]);
    } finally {
      child.kill("SIGKILL");
      if (existsSync(ready)) {
        try {
          process.kill(Number(readFileSync(ready, "utf8")), "SIGKILL");
        } catch {
          // The slow git has gone already.
        }
      }
    }
  });

  it("removes blob folders a killed run left behind (over an hour old), and only those", () => {
    repo = new TestRepo();
    const gitDir = join(repo.root, ".git");
    const stale = join(gitDir, "ml-hygiene-blobs-stale1");
    const recent = join(gitDir, "ml-hygiene-blobs-recent");
    mkdirSync(stale);
    mkdirSync(recent);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    repo.write("a.ipynb", dirtyNotebook("a"));
    repo.write("b.ipynb", dirtyNotebook("b"));
    repo.git("add", ".");
    const result = repo.hook(HOOK);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it("--install in a linked worktree sets up the filter that git reads", () => {
    repo = new TestRepo();
    repo.write("README", "x");
    repo.git("add", ".");
    repo.git("commit", "-q", "-m", "init");
    const worktree = join(repo.root, "..", "wt");
    repo.git("worktree", "add", "-q", worktree);
    expect(repo.hook(HOOK, ["--install"], { cwd: worktree }).status).toBe(0);
    expect(repo.hook(HOOK, ["--is-installed"], { cwd: worktree }).status).toBe(0);
    expect(repo.git("check-attr", "filter", "--", "x.ipynb")).toBe("x.ipynb: filter: nbstripout\n");
  });
});

describe("strip-notebook as a git filter", () => {
  it("--install: git add stores a clean blob, git diff shows stripped text; --uninstall undoes it", () => {
    repo = new TestRepo();
    expect(repo.hook(HOOK, ["--is-installed"]).status).toBe(1);
    const install = repo.hook(HOOK, ["--install"]);
    expect(install.status, install.stderr).toBe(0);
    expect(repo.git("config", "filter.nbstripout.clean")).toMatch(
      /strip-notebook.* - --stdin-name %f\n$/,
    );
    expect(repo.git("config", "filter.nbstripout.required").trim()).toBe("true");
    expect(readFileSync(join(repo.root, ".git/info/attributes"), "utf8")).toBe(
      "*.ipynb filter=nbstripout\n*.ipynb diff=ipynb\n",
    );
    expect(repo.hook(HOOK, ["--is-installed"]).status).toBe(0);
    const status = repo.hook(HOOK, ["--status"]);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain("is installed in repository");

    repo.write("a.ipynb", dirtyNotebook());
    repo.git("add", "a.ipynb");
    expect(isClean(repo.git("cat-file", "blob", ":a.ipynb"))).toBe(true);
    // the working copy keeps its outputs; git sees no difference after cleaning
    expect(isClean(readFileSync(join(repo.root, "a.ipynb"), "utf8"))).toBe(false);
    repo.git("commit", "-q", "-m", "clean via filter");
    expect(repo.git("status", "--porcelain")).toBe("");

    const uninstall = repo.hook(HOOK, ["--uninstall"]);
    expect(uninstall.status).toBe(0);
    expect(repo.hook(HOOK, ["--is-installed"]).status).toBe(1);
    expect(readFileSync(join(repo.root, ".git/info/attributes"), "utf8")).not.toContain(
      "nbstripout",
    );
    expect(repo.tryGit("config", "filter.nbstripout.clean").status).toBe(1);
  });

  it("names the notebook git is adding when it cannot strip it (git passes %f)", () => {
    repo = new TestRepo();
    expect(repo.hook(HOOK, ["--install"]).status).toBe(0);
    repo.write("nb dir/broken.ipynb", '{"cells": [');
    const add = repo.tryGit("add", "nb dir/broken.ipynb");
    expect(add.status).not.toBe(0);
    expect(add.stderr).toContain(
      "strip-notebook: No valid notebook detected on stdin ('nb dir/broken.ipynb') (",
    );
    // A filter installed by an older version (no --stdin-name) still works, unnamed.
    repo.git(
      "config",
      "filter.nbstripout.clean",
      repo.git("config", "filter.nbstripout.clean").replace(" --stdin-name %f", "").trim(),
    );
    const old = repo.tryGit("add", "nb dir/broken.ipynb");
    expect(old.stderr).toContain("strip-notebook: No valid notebook detected on stdin (");
    expect(old.stderr).not.toContain("broken.ipynb')");
  });

  it("--install --attributes FILE writes the lines there and keeps what it had", () => {
    repo = new TestRepo();
    repo.write(".gitattributes", "*.png binary");
    expect(repo.hook(HOOK, ["--install", "--attributes", ".gitattributes"]).status).toBe(0);
    expect(readFileSync(join(repo.root, ".gitattributes"), "utf8")).toBe(
      "*.png binary\n*.ipynb filter=nbstripout\n*.ipynb diff=ipynb\n",
    );
  });

  it("--install --global writes the global config and attributes file", () => {
    repo = new TestRepo();
    expect(repo.hook(HOOK, ["--install", "--global"]).status).toBe(0);
    expect(readFileSync(repo.env.GIT_CONFIG_GLOBAL as string, "utf8")).toContain(
      '[filter "nbstripout"]',
    );
    expect(repo.hook(HOOK, ["--is-installed", "--global"]).status).toBe(0);
  });

  it("as the diff textconv in a bare repository, reads that repository's nbstripout keys", () => {
    // git runs the textconv in the bare repository with GIT_DIR set (to "."), so asking git for
    // the keys reads the repository's config, as nbstripout's own `git config` would.
    repo = new TestRepo();
    const notebook = JSON.parse(dirtyNotebook());
    notebook.metadata.team_note = "drop me";
    repo.write("a.ipynb", `${JSON.stringify(notebook, null, 1)}\n`);
    repo.git("add", "a.ipynb");
    repo.git("commit", "-q", "-m", "notebook");
    const bare = join(dirname(repo.root), "bare.git");
    repo.git("clone", "-q", "--bare", repo.root, bare);
    const inBare = (...args: string[]): string => {
      const result = run("git", args, bare, repo.env);
      if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
      return result.stdout;
    };
    mkdirSync(join(bare, "info"), { recursive: true });
    writeFileSync(join(bare, "info/attributes"), "*.ipynb diff=ipynb\n");
    inBare(
      "config",
      "diff.ipynb.textconv",
      `"${process.execPath}" "${join(DIST_BIN, `${HOOK}.cjs`)}" -t`,
    );
    const shown = () => inBare("log", "-p", "-1", "--format=%s", "--", "a.ipynb");
    // Without the key the metadata stays (and the textconv did run: the outputs are gone).
    expect(shown()).toContain('"team_note": "drop me"');
    expect(shown()).not.toContain('"output_type"');
    inBare("config", "filter.nbstripout.extrakeys", "metadata.team_note");
    expect(shown()).not.toContain("team_note");
    expect(shown()).toContain('"kernelspec"');
  });

  it("--install outside a repository is exit 2 with the fix", () => {
    repo = new TestRepo();
    const outside = join(repo.root, "..");
    const result = repo.hook(HOOK, ["--install"], {
      cwd: outside,
      env: { GIT_CEILING_DIRECTORIES: outside },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not a git repository/);
  });
});

describe("strip-notebook beyond nbstripout", () => {
  it("--keep-output --max-size handles cells without outputs (markdown)", () => {
    repo = new TestRepo();
    const notebook = JSON.parse(dirtyNotebook("x".repeat(50)));
    notebook.cells.unshift({ cell_type: "markdown", metadata: {}, source: ["# title"] });
    repo.write("md.ipynb", `${JSON.stringify(notebook, null, 1)}\n`);
    const result = repo.hook(HOOK, ["--keep-output", "--max-size", "10", "md.ipynb"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "strip-notebook: md.ipynb: warning: cell 1 keeps 1 output larger than --max-size 10",
    );
  });

  it("warns when a kept output is larger than --max-size", () => {
    repo = new TestRepo();
    const notebook = JSON.parse(dirtyNotebook("x".repeat(200)));
    notebook.cells[0].metadata.keep_output = true;
    repo.write("keep.ipynb", `${JSON.stringify(notebook, null, 1)}\n`);
    const result = repo.hook(HOOK, ["--max-size", "100", "keep.ipynb"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      "strip-notebook: keep.ipynb: warning: cell 0 keeps 1 output larger than --max-size 100 (keep_output)",
    );
  });

  it("never loses an editor's save that lands while a notebook is being stripped", async () => {
    repo = new TestRepo();
    // ~27 MB: stripping it takes ~0.4 s here, so a save 150 ms in lands mid-run.
    const cells = Array.from({ length: 12_000 }, (_, i) => ({
      cell_type: "code",
      execution_count: i,
      id: `c${i}`,
      metadata: {},
      outputs: [{ name: "stdout", output_type: "stream", text: [`line ${i} `.repeat(200)] }],
      source: [`print(${i})`],
    }));
    const big = `${JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
    const file = repo.write("big.ipynb", big);
    const saved = dirtyNotebook("saved by the editor");
    const { spawn } = await import("node:child_process");
    const { writeFileSync } = await import("node:fs");
    const child = spawn(process.execPath, [join(DIST_BIN, `${HOOK}.cjs`), "big.ipynb"], {
      cwd: repo.root,
      env: repo.env,
    });
    // Listen at once: a run that ends before the save must not leave the test waiting forever.
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const runningAtSave = child.exitCode === null && child.signalCode === null;
    writeFileSync(file, saved); // the editor's save, mid-run
    const status = await closed;
    const after = readFileSync(file, "utf8");
    // Whatever the timing, the save is never lost.
    expect(after).toContain("saved by the editor");
    if (status === 1) {
      expect(stderr).toContain("changed while being stripped");
      expect(after).toBe(saved);
    } else {
      expect(status, stderr).toBe(0);
      // The save landed before the read (the saved notebook was stripped), or after the
      // stripped file was written (the save stands as it is).
      if (after !== saved) expect(isClean(after)).toBe(true);
      if (!runningAtSave) expect(after).toBe(saved);
    }
  });
});

describe("strip-notebook finds private keys in kept outputs", () => {
  /** `!cat ~/.ssh/id_ed25519` in a keep_output cell; the key is made now (the project has none). */
  function notebookWithKey(): { text: string; key: string } {
    const { privateKey } = generateKeyPairSync("ed25519", {
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const notebook = JSON.parse(dirtyNotebook());
    notebook.cells[0].metadata.keep_output = true;
    notebook.cells[0].outputs = [
      { name: "stdout", output_type: "stream", text: privateKey.split(/(?<=\n)/) },
    ];
    return { text: `${JSON.stringify(notebook, null, 1)}\n`, key: privateKey };
  }
  const body = (key: string): string => (key.split("\n")[1] as string).slice(4, 40);

  it("FILE mode: strips as nbstripout, names the cell, never prints the key, exits 1", () => {
    repo = new TestRepo();
    const { text, key } = notebookWithKey();
    repo.write("keys.ipynb", text);
    const result = repo.hook(HOOK, ["keys.ipynb"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "strip-notebook: keys.ipynb: cell 0, output 0 keeps a private key (PKCS#8 PEM: -----BEGIN PRIVATE KEY----- ",
    );
    expect(result.stderr).toContain("revoke the key");
    expect(result.stderr).not.toContain(body(key));
    // Stripped all the same: the count and the volatile metadata are gone, the output kept.
    const after = JSON.parse(readFileSync(join(repo.root, "keys.ipynb"), "utf8"));
    expect(after.cells[0].execution_count).toBeNull();
    expect(after.cells[0].outputs).toHaveLength(1);
    const json = jsonReport(repo.hook(HOOK, ["--format", "json", "keys.ipynb"]));
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(["private-key-in-output"]);
  });

  it("staged mode: the commit is refused and the key named by cell", () => {
    repo = new TestRepo();
    installGitHook(repo);
    const { text, key } = notebookWithKey();
    repo.write("keys.ipynb", text);
    repo.git("add", ".");
    const commit = repo.tryGit("commit", "-q", "-m", "with a key");
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain("keys.ipynb: cell 0, output 0 keeps a private key");
    expect(commit.stderr).not.toContain(body(key));
    expect(repo.tryGit("rev-parse", "--verify", "-q", "HEAD").status).not.toBe(0);
  });

  it("as a git filter: a warning, and `git add` still works (a filter must exit 0)", () => {
    repo = new TestRepo();
    const { text } = notebookWithKey();
    const result = repo.hook(HOOK, ["-"], { input: text });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("strip-notebook: stdin: cell 0, output 0 keeps a private key");
    expect(result.stdout).toContain("BEGIN PRIVATE KEY");
    const named = repo.hook(HOOK, ["-", "--stdin-name", "nb/keys.ipynb"], { input: text });
    expect(named.status).toBe(0);
    expect(named.stderr).toContain(
      "strip-notebook: nb/keys.ipynb: cell 0, output 0 keeps a private key",
    );
  });

  it("-t (a diff's textconv) stays quiet; a notebook whose outputs go is not reported", () => {
    repo = new TestRepo();
    const { text } = notebookWithKey();
    repo.write("keys.ipynb", text);
    const textconv = repo.hook(HOOK, ["-t", "keys.ipynb"]);
    expect(textconv.status).toBe(0);
    expect(textconv.stderr).toBe("");
    const dropped = JSON.parse(text);
    dropped.cells[0].metadata = {};
    repo.write("gone.ipynb", `${JSON.stringify(dropped, null, 1)}\n`);
    const result = repo.hook(HOOK, ["gone.ipynb"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("private key");
  });
});
