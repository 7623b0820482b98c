import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, STRIP_BIN } from "../helpers/notebooks.js";
import { extraNodeBinDir, requireTool } from "../helpers/project-copy.js";

// The nbstripout corpus once more, with strip-notebook started by Node 18.19 and 20.19: every
// notebook byte written on the distributions' Nodes must equal nbstripout's (issue 9).
const CASES = join(CORPUS_DIR, "cases.json");
const RUNNER = join(CORPUS_DIR, "run-cases.mjs");

describe("nbstripout conformance on older Nodes", () => {
  for (const major of [18, 20]) {
    it(`all cases pass with Node ${major}`, { timeout: 180_000 }, () => {
      const dir = extraNodeBinDir(major);
      if (!requireTool(dir !== null, `Node ${major} (.ci/node${major})`)) return;
      if (
        !requireTool(
          existsSync(CASES) && existsSync(RUNNER),
          `the nbstripout corpus at ${CORPUS_DIR}`,
        )
      )
        return;
      const cmd = JSON.stringify([join(dir as string, "node"), STRIP_BIN]);
      const result = spawnSync(
        process.execPath,
        [RUNNER, "--cmd", cmd, "--stdin-arg", "-", CASES],
        {
          encoding: "utf8",
          maxBuffer: 1 << 28,
        },
      );
      const summary = /(\d+) passed, (\d+) failed/.exec(result.stdout);
      expect(summary, result.stdout + result.stderr).not.toBeNull();
      expect(Number(summary?.[2]), result.stdout).toBe(0);
      expect(Number(summary?.[1])).toBeGreaterThanOrEqual(143);
    });
  }
});
