import { describe, expect, it } from "vitest";
import { parseCheckIgnoreVerbose } from "../../../src/git/ignore.js";
import { parseRawDiff } from "../../../src/git/staged.js";
import { parseLsFilesStage } from "../../../src/git/tracked.js";

const Z = "0".repeat(40);
const A = "a".repeat(40);
const B = "b".repeat(40);

describe("parseRawDiff", () => {
  it("reads added, modified, renamed and copied records, with odd file names", () => {
    const out = `${[
      `:000000 100644 ${Z} ${A} A`,
      "new file.txt",
      `:100644 100755 ${A} ${B} M`,
      "dir/ünï\ncode",
      `:100644 100644 ${A} ${A} R100`,
      "old",
      "new",
      `:100644 100644 ${A} ${B} C075`,
      "src",
      "copy",
      `:000000 120000 ${Z} ${B} A`,
      "link",
    ].join("\0")}\0`;
    expect(parseRawDiff(out)).toEqual([
      { path: "new file.txt", mode: "100644", oid: A, status: "A" },
      { path: "dir/ünï\ncode", mode: "100755", oid: B, status: "M" },
      { path: "new", mode: "100644", oid: A, status: "R" },
      { path: "copy", mode: "100644", oid: B, status: "C" },
      { path: "link", mode: "120000", oid: B, status: "A" },
    ]);
  });
  it("returns nothing for no output", () => {
    expect(parseRawDiff("")).toEqual([]);
  });
});

describe("parseLsFilesStage", () => {
  it("keeps stage-0 entries and skips conflicted stages", () => {
    const out = `100644 ${A} 0\ta b.txt\x00100644 ${A} 1\tconflict\x00100644 ${B} 2\tconflict\x00160000 ${B} 0\tsub\0`;
    expect(parseLsFilesStage(out)).toEqual([
      { path: "a b.txt", mode: "100644", oid: A },
      { path: "sub", mode: "160000", oid: B },
    ]);
  });
});

describe("parseRawDiff without rename detection", () => {
  it("marks an added path carrying a deleted path's blob as a pure rename", () => {
    const out = `${[`:100644 000000 ${A} ${Z} D`, "old.bin", `:000000 100644 ${Z} ${A} A`, "new.bin", `:000000 100644 ${Z} ${B} A`, "other.bin"].join("\0")}\0`;
    expect(parseRawDiff(out)).toEqual([
      { path: "new.bin", mode: "100644", oid: A, status: "R" },
      { path: "other.bin", mode: "100644", oid: B, status: "A" },
    ]);
  });
});

describe("parseRawDiff: one deleted blob excuses one added path", () => {
  it("counts a second copy of a moved file as added", () => {
    const out = `${[`:100644 000000 ${A} ${Z} D`, "a.bin", `:000000 100644 ${Z} ${A} A`, "moved.bin", `:000000 100644 ${Z} ${A} A`, "second.bin"].join("\0")}\0`;
    expect(parseRawDiff(out).map((entry) => entry.status)).toEqual(["R", "A"]);
  });
});

describe("parseCheckIgnoreVerbose", () => {
  it("keeps paths a .gitignore ignores, not negations or personal excludes", () => {
    const out = `${[
      ".gitignore",
      "1",
      "*.log",
      "debug.log",
      "sub/.gitignore",
      "2",
      "!keep.log",
      "sub/keep.log",
      ".git/info/exclude",
      "7",
      "*.csv",
      "data.csv",
      "/home/u/.config/git/ignore",
      "1",
      "*.tmp",
      "x.tmp",
    ].join("\0")}\0`;
    expect([...parseCheckIgnoreVerbose(out)]).toEqual(["debug.log"]);
  });
});
