import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CHECK_IGNORE_ARGS } from "../../../src/git/ignore.js";
import { BATCH_CHECK_ARGS } from "../../../src/git/objects.js";
import { parseRawDiff, STAGED_DIFF_ARGS } from "../../../src/git/staged.js";

// The bench's floor must ask git exactly what the hook asks, or the floor measures something else.
const benchCalls = createRequire(import.meta.url)("../../../scripts/bench/git-calls.cjs") as {
  STAGED_DIFF: string[];
  BATCH_CHECK: string[];
  CHECK_IGNORE: string[];
  parseStagedDiff(output: string): { oid: string; path: string }[];
};

describe("the bench's git calls (scripts/bench/git-calls.cjs)", () => {
  it("are the hook's own", () => {
    expect(benchCalls.STAGED_DIFF).toEqual(STAGED_DIFF_ARGS);
    expect(benchCalls.BATCH_CHECK).toEqual(BATCH_CHECK_ARGS);
    expect(benchCalls.CHECK_IGNORE).toEqual(CHECK_IGNORE_ARGS);
  });

  it("read the staged diff as the hook does: the same paths and blobs", () => {
    const a = "a".repeat(40);
    const b = "b".repeat(40);
    const z = "0".repeat(40);
    const out = `${[
      `:000000 100644 ${z} ${a} A`,
      "new file.txt",
      `:100644 100644 ${a} ${b} M`,
      "dir/ünï\ncode",
      `:100644 000000 ${b} ${z} D`,
      "gone",
      `:100644 100644 ${a} ${a} R100`,
      "old",
      "new",
    ].join("\0")}\0`;
    const hook = parseRawDiff(out).map(({ oid, path }) => ({ oid, path }));
    expect(benchCalls.parseStagedDiff(out)).toEqual(hook);
  });
});
