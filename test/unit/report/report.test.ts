import { describe, expect, it } from "vitest";
import type { HookResult } from "../../../src/report/finding.js";
import { formatJson } from "../../../src/report/json.js";
import { formatText, wantsColor } from "../../../src/report/text.js";

const result: HookResult = {
  findings: [
    {
      path: "a b.bin",
      line: null,
      rule: "too-large",
      message: "6.0 MB exceeds the 500 KB limit",
      fix: "dvc add 'a b.bin'",
    },
  ],
  modified: [],
  checked: 3,
};

describe("text report", () => {
  it("prints one line per finding and a summary", () => {
    expect(formatText("check-large-files", result, { color: false })).toBe(
      "a b.bin: 6.0 MB exceeds the 500 KB limit — dvc add 'a b.bin' [too-large]\ncheck-large-files: 1 problem in 3 files checked\n",
    );
  });
  it("prints nothing when clean, and counts modified files", () => {
    expect(formatText("x", { findings: [], modified: [], checked: 9 }, { color: false })).toBe("");
    expect(
      formatText("x", { findings: [], modified: ["a", "b"], checked: 2 }, { color: false }),
    ).toBe("x: 2 files modified in 2 files checked\n");
  });
  it("adds line numbers and colour codes only when asked", () => {
    const colored = formatText(
      "x",
      { ...result, findings: [{ ...(result.findings[0] as HookResult["findings"][0]), line: 4 }] },
      { color: true },
    );
    expect(colored).toContain("\u001b[1ma b.bin:4\u001b[0m");
  });
});

describe("wantsColor", () => {
  it("colours a terminal only, never with NO_COLOR or TERM=dumb", () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(wantsColor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });
});

describe("json report", () => {
  it("has exactly the documented keys", () => {
    expect(JSON.parse(formatJson("check-large-files", result))).toEqual({
      hook: "check-large-files",
      findings: [
        {
          path: "a b.bin",
          line: null,
          rule: "too-large",
          message: "6.0 MB exceeds the 500 KB limit",
          fix: "dvc add 'a b.bin'",
        },
      ],
      modified: [],
    });
  });
});
