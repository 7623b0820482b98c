import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CHECK_IGNORE_ARGS } from "../../../src/git/ignore.js";
import { BATCH_CHECK_ARGS } from "../../../src/git/objects.js";
import { STAGED_DIFF_ARGS } from "../../../src/git/staged.js";

// The bench's floor must ask git exactly what the hook asks, or the floor measures something else.
const benchCalls = createRequire(import.meta.url)("../../../scripts/bench/git-calls.cjs") as {
  STAGED_DIFF: string[];
  BATCH_CHECK: string[];
  CHECK_IGNORE: string[];
};

describe("the bench's git calls (scripts/bench/git-calls.cjs)", () => {
  it("are the hook's own", () => {
    expect(benchCalls.STAGED_DIFF).toEqual(STAGED_DIFF_ARGS);
    expect(benchCalls.BATCH_CHECK).toEqual(BATCH_CHECK_ARGS);
    expect(benchCalls.CHECK_IGNORE).toEqual(CHECK_IGNORE_ARGS);
  });
});
