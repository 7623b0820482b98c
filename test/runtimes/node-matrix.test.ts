import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extraNodeBinDir, requireTool } from "../helpers/project-copy.js";
import { DIST_BIN, type RunResult, TestRepo } from "../helpers/repo.js";

// The built hooks must behave identically on the Nodes users' machines have (issue 9):
// Debian 12 / Ubuntu 24.04 ship 18.19, Debian 13 ships 20.19; development uses 22.
const MB = 1024 * 1024;
const hooks = readdirSync(DIST_BIN)
  .filter((name) => name.endsWith(".cjs"))
  .map((name) => name.replace(/\.cjs$/, ""));
const nodeOf = (major: number): string | null => {
  const dir = extraNodeBinDir(major);
  return dir ? join(dir, "node") : null;
};

/**
 * A fresh repository with something for every hook to find, staged for commit: a large file,
 * an artifact folder, a force-added ignored file and a notebook with outputs. Fixers change the
 * repository, so each run gets its own.
 */
const repos: TestRepo[] = [];
function matrixRepo(): TestRepo {
  const repo = new TestRepo();
  repos.push(repo);
  repo.write(".gitignore", "*.log\n");
  repo.write("models/model.bin", Buffer.alloc(6 * MB, 7));
  repo.write("mlruns/0/meta.yaml", "name: run\n");
  repo.write("debug.log", "x\n");
  repo.write("src/train.py", "print('train')\n");
  repo.write("notebooks/explore.ipynb", DIRTY_NOTEBOOK);
  repo.git("add", ".");
  repo.git("add", "-f", "debug.log");
  return repo;
}
afterAll(() => {
  for (const repo of repos) repo.cleanup();
});

/** A notebook with an output, an execution count and non-ASCII text, as Jupyter writes it. */
const DIRTY_NOTEBOOK = `${JSON.stringify(
  {
    cells: [
      {
        cell_type: "code",
        execution_count: 3,
        id: "a1b2c3d4",
        metadata: { collapsed: false, scrolled: true },
        outputs: [{ name: "stdout", output_type: "stream", text: ["accuracy 0.93 — ü\n"] }],
        source: ["print('accuracy', 0.93)"],
      },
      { cell_type: "markdown", id: "e5f6a7b8", metadata: {}, source: ["# Résumé"] },
    ],
    metadata: { kernelspec: { display_name: "Python 3", language: "python", name: "python3" } },
    nbformat: 4,
    nbformat_minor: 5,
  },
  null,
  1,
)}\n`;

interface Outcome {
  readonly status: number | null;
  readonly stdout: unknown;
  readonly stderr: string;
  /** What the run left behind: staged entries and the bytes of every tracked file. */
  readonly index: string;
  readonly files: Record<string, string>;
}

/** Run one hook with one Node on a fresh matrix repository and record everything it changed. */
function outcome(node: string, id: string, args: readonly string[]): Outcome {
  const repo = matrixRepo();
  const result = repo.hook(id, args, { node });
  const index = repo.git("ls-files", "-s");
  const files: Record<string, string> = {};
  for (const path of repo.git("ls-files", "-z").split("\0").filter(Boolean)) {
    files[path] = createHash("sha256")
      .update(readFileSync(join(repo.root, path)))
      .digest("hex");
  }
  let stdout: unknown = result.stdout;
  try {
    stdout = JSON.parse(result.stdout);
  } catch {
    // not JSON: compare the text
  }
  return { status: result.status, stdout, stderr: result.stderr, index, files };
}

/** What a hook prints for a command that does not touch a repository. */
const runOn = (node: string, id: string, args: readonly string[]): RunResult =>
  matrixRepo().hook(id, args, { node });

describe("every built hook on Node 18.19, 20.19 and 22", () => {
  it("finds the hooks to test", () => {
    expect(hooks).toContain("check-large-files");
  });

  for (const major of [18, 20]) {
    describe(`Node ${major}`, () => {
      for (const id of hooks) {
        it(`${id}: staged mode, --format json: same report, same files and index as Node 22`, () => {
          const node = nodeOf(major);
          if (!requireTool(node !== null, `Node ${major} (.ci/node${major}, installed by .ci/run)`))
            return;
          const expected = outcome(process.execPath, id, ["--format", "json"]);
          const actual = outcome(node as string, id, ["--format", "json"]);
          expect(actual).toEqual(expected);
          const report = expected.stdout as { findings: unknown[]; modified: unknown[] };
          expect(report.findings.length + report.modified.length).toBeGreaterThan(0);
        });
        it(`${id}: --help, --version and a usage error match Node 22's`, () => {
          const node = nodeOf(major);
          if (!requireTool(node !== null, `Node ${major}`)) return;
          for (const args of [["--help"], ["--version"], ["--no-such-flag"]]) {
            const expected = runOn(process.execPath, id, args);
            const actual = runOn(node as string, id, args);
            expect({ ...actual }).toEqual({ ...expected });
          }
        });
      }
    });
  }

  it("checks the runtime under test really is 22 or newer", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
  });
});

describe("strip-notebook on a notebook over 8 MB (V8 flags set at run time for peak memory)", () => {
  // src/runtime/heap.ts sets V8 flags once an input is this large: every Node must accept them
  // silently (an unknown flag would print to stderr) and strip to the same bytes.
  const dir = mkdtempSync(join(tmpdir(), "mlh-big-notebook-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const line = "epoch 12 loss=0.123456 accuracy=0.987654 lr=1.0e-3 — ü\n";
  const cells = Array.from({ length: 1200 }, (_, index) => ({
    cell_type: "code",
    execution_count: index + 1,
    id: `cell-${index}`,
    metadata: { scrolled: true },
    outputs: [{ name: "stdout", output_type: "stream", text: Array(120).fill(line) }],
    source: [`train(epoch=${index})\n`, "evaluate()"],
  }));
  const big = join(dir, "big.ipynb");
  writeFileSync(
    big,
    `${JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`,
  );
  const strip = (node: string) => {
    const result = spawnSync(node, [join(DIST_BIN, "strip-notebook.cjs"), "-t", big], {
      encoding: "utf8",
      maxBuffer: 64 * MB,
    });
    return { status: result.status, stderr: result.stderr, stdout: result.stdout };
  };

  it("is large enough to take the tuned path", () => {
    expect(readFileSync(big).length).toBeGreaterThan(8 * MB);
  });
  for (const major of [18, 20, 22]) {
    it(`Node ${major}: exit 0, nothing on stderr, the same stripped bytes as Node 22`, () => {
      const node = major === 22 ? process.execPath : nodeOf(major);
      if (!requireTool(node !== null, `Node ${major} (.ci/node${major}, installed by .ci/run)`))
        return;
      const expected = strip(process.execPath);
      const actual = strip(node as string);
      expect(actual.stderr).toBe("");
      expect(actual.status).toBe(0);
      expect(actual.stdout).toBe(expected.stdout);
      expect(actual.stdout).toContain('"source": [\n    "train(epoch=1199)\\n",');
      expect(actual.stdout).not.toContain("epoch 12 loss");
    });
  }
});

describe("a Node older than 18.19", () => {
  for (const id of hooks) {
    it(`${id} on Node 16 prints one line naming both versions and language_version, exit 2`, () => {
      const node = nodeOf(16);
      if (!requireTool(node !== null, "Node 16 (.ci/node16, installed by .ci/run)")) return;
      const result = runOn(node as string, id, ["--format", "json"]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^${id}: Node 16\\.\\d+\\.\\d+ is too old; ml-hygiene needs Node >= 18\\.19`),
      );
      expect(lines[0]).toContain("language_version");
    });
  }
});
