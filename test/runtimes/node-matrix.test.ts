import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** One repository with something for every hook to find, staged for commit. */
let repo: TestRepo;
beforeAll(() => {
  repo = new TestRepo();
  repo.write(".gitignore", "*.log\n");
  repo.write("models/model.bin", Buffer.alloc(6 * MB, 7));
  repo.write("mlruns/0/meta.yaml", "name: run\n");
  repo.write("debug.log", "x\n");
  repo.write("src/train.py", "print('train')\n");
  repo.git("add", ".");
  repo.git("add", "-f", "debug.log");
});
afterAll(() => repo?.cleanup());

/** What a hook prints and returns for the matrix repository. */
const runOn = (node: string, id: string, args: readonly string[]): RunResult =>
  repo.hook(id, args, { node });

describe("every built hook on Node 18.19, 20.19 and 22", () => {
  it("finds the hooks to test", () => {
    expect(hooks).toContain("check-large-files");
  });

  for (const major of [18, 20]) {
    describe(`Node ${major}`, () => {
      for (const id of hooks) {
        it(`${id}: --format json in staged mode equals Node 22's`, () => {
          const node = nodeOf(major);
          if (!requireTool(node !== null, `Node ${major} (.ci/node${major}, installed by .ci/run)`))
            return;
          const expected = runOn(process.execPath, id, ["--format", "json"]);
          const actual = runOn(node as string, id, ["--format", "json"]);
          expect(actual.stderr).toBe(expected.stderr);
          expect(actual.status).toBe(expected.status);
          expect(JSON.parse(actual.stdout)).toEqual(JSON.parse(expected.stdout));
          expect(JSON.parse(actual.stdout).findings.length).toBeGreaterThan(0);
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
