import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, CORPUS_DIR, STRIP_BIN } from "../helpers/notebooks.js";
import { tempDir } from "../helpers/repo.js";

/**
 * Every case of the nbstripout conformance corpus (../shared/corpus/nbstripout), run through the
 * corpus's own runner against the built binary, one vitest test per case: byte-identical output
 * and the same exit status as nbstripout 0.9.1. Without the corpus the suite is skipped with a
 * notice — except on CI, where a missing corpus fails.
 */
const CASES = join(CORPUS_DIR, "cases.json");
const RUNNER = join(CORPUS_DIR, "run-cases.mjs");
const present = existsSync(CASES) && existsSync(RUNNER);

interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

if (!present) {
  const notice = `nbstripout corpus not found at ${CORPUS_DIR}: conformance suite skipped`;
  if (process.env.CI === "true") {
    describe("nbstripout conformance", () => {
      it("needs the corpus on CI", () => {
        throw new Error(notice);
      });
    });
  } else {
    console.warn(notice);
    describe.skip("nbstripout conformance (corpus absent)", () => {
      it("skipped", () => {});
    });
  }
} else {
  const cases = JSON.parse(readFileSync(CASES, "utf8")) as { name: string }[];
  const results = new Map<string, CaseResult>();
  let scratch = "";

  describe("nbstripout conformance", () => {
    beforeAll(() => {
      assertBuilt();
      scratch = tempDir("mlh-conformance-");
      const out = join(scratch, "results.json");
      // The runner exits 1 when a case fails; the per-case tests below say which and why.
      const run = spawnSync(
        process.execPath,
        [
          RUNNER,
          "--cmd",
          JSON.stringify([process.execPath, STRIP_BIN]),
          "--stdin-arg",
          "-",
          "--json",
          out,
          CASES,
        ],
        { cwd: scratch, encoding: "utf8", maxBuffer: 1 << 28 },
      );
      if (!existsSync(out)) {
        throw new Error(`run-cases.mjs produced no results: ${run.stderr || run.stdout}`);
      }
      for (const result of JSON.parse(readFileSync(out, "utf8")) as CaseResult[]) {
        results.set(result.name, result);
      }
    }, 300_000);

    afterAll(() => {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it("runs all the cases", () => {
      expect(results.size).toBe(cases.length);
    });

    it.each(cases.map((c) => c.name))("%s", (name) => {
      const result = results.get(name);
      expect(result, `no result for ${name}`).toBeDefined();
      expect(result?.problems ?? []).toEqual([]);
      expect(result?.ok).toBe(true);
    });
  });
}
