import { describe, expect, it } from "vitest";
import { parseJson } from "../../../src/checks/notebooks/parse.js";
import {
  codePointLength,
  getSize,
  hasNonSpace,
  isOwnSplit,
  pyContains,
  pyEqual,
  sizeAtMost,
  splitLines,
  truthy,
} from "../../../src/checks/notebooks/python.js";

const py = (json: string) => parseJson(json);

describe("truthy is Python's bool()", () => {
  it.each([
    ["[]", false],
    ["{}", false],
    ['""', false],
    ["0", false],
    ["0.0", false],
    ["-0.0", false],
    ["null", false],
    ["false", false],
    ["[0]", true],
    ['{"a": null}', true],
    ['" "', true],
    ["NaN", true],
    ["0.5", true],
    ["12345678901234567890", true],
    ["true", true],
  ])("bool(%s) is %s", (json, expected) => {
    expect(truthy(py(json))).toBe(expected);
  });
});

describe("pyEqual is Python's ==", () => {
  it("ignores dict order, equates 1, 1.0 and True", () => {
    expect(pyEqual(py('{"a": 1, "b": [true]}'), py('{"b": [1.0], "a": 1}'))).toBe(true);
    expect(pyEqual(py("[1]"), py('["1"]'))).toBe(false);
    expect(pyEqual(py("[null]"), py("[false]"))).toBe(false);
    expect(pyEqual(py("{}"), py("[]"))).toBe(false);
    expect(pyEqual(py("9007199254740993"), py("9007199254740992.0"))).toBe(false);
  });
});

describe("pyContains is Python's `in`", () => {
  it("is a substring test on strings, membership on lists and dicts", () => {
    expect(pyContains("keep_output_please", "keep_output")).toBe(true);
    expect(pyContains(py('["keep_output"]'), "keep_output")).toBe(true);
    expect(pyContains(py('["keep"]'), "keep_output")).toBe(false);
    expect(pyContains(py('{"keep_output": 0}'), "keep_output")).toBe(true);
    expect(() => pyContains(null, "x")).toThrow(/TypeError: argument of type 'NoneType'/);
  });
});

describe("strings", () => {
  it("counts code points like len()", () => {
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("😀")).toBe(1);
    expect(codePointLength("\ud800x")).toBe(2);
  });

  it("knows Python's whitespace", () => {
    for (const space of [
      " ",
      "\t",
      "\n",
      "\x0b",
      "\x1c",
      "\x1f",
      "\x85",
      "\xa0",
      "\u2028",
      "\u3000",
    ]) {
      expect(hasNonSpace(space)).toBe(false);
    }
    for (const text of ["\ufeff", "\u200b", "a", " x "]) expect(hasNonSpace(text)).toBe(true);
  });

  it("splits lines like str.splitlines", () => {
    expect(splitLines("0%\r33%\r100%\n", true)).toEqual(["0%\r", "33%\r", "100%\n"]);
    expect(splitLines("a\r\nb\x0bc\x1ed\u2028e", true)).toEqual([
      "a\r\n",
      "b\x0b",
      "c\x1e",
      "d\u2028",
      "e",
    ]);
    expect(splitLines("a\n\nb\n", false)).toEqual(["a", "", "b"]);
    expect(splitLines("", true)).toEqual([]);
    expect(splitLines("a\x1f", true)).toEqual(["a\x1f"]); // \x1f is no line break
  });

  it("knows when a list of lines is already its own split", () => {
    expect(isOwnSplit(["a\n", "b\n", "c"])).toBe(true);
    expect(isOwnSplit(["a", "b"])).toBe(false);
    expect(isOwnSplit(["a\r", "\nb"])).toBe(false);
    expect(isOwnSplit(["a\n", ""])).toBe(false);
    expect(isOwnSplit(["a\nb"])).toBe(false);
  });

  it("agrees with splitting the joined lines, on every mix of Python's line breaks", () => {
    // Lines of up to 3 characters, up to 3 lines, from a letter and each break Python knows.
    const alphabet = [
      "a",
      "\n",
      "\r",
      "\v",
      "\f",
      "\x1c",
      "\x1d",
      "\x1e",
      "\x85",
      "\u2028",
      "\u2029",
    ];
    const strings = [""];
    for (let length = 1; length <= 3; length++) {
      for (const shorter of strings.filter((s) => s.length === length - 1)) {
        for (const c of alphabet) strings.push(shorter + c);
      }
    }
    let seed = 7;
    const pick = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return strings[seed % strings.length] as string;
    };
    let checked = 0;
    for (let n = 0; n < 20_000; n++) {
      const lines = Array.from({ length: 1 + (n % 3) }, pick);
      const expected = JSON.stringify(splitLines(lines.join(""), true)) === JSON.stringify(lines);
      expect(isOwnSplit(lines), JSON.stringify(lines)).toBe(expected);
      if (expected) checked++;
    }
    expect(checked).toBeGreaterThan(50); // the true side is exercised too (106 of them)
  });
});

describe("getSize is nbstripout's get_size", () => {
  it.each([
    ["1", 1],
    ["1.0", 3],
    ["1e-7", 5],
    ["true", 4],
    ["false", 5],
    ["null", 4],
    ["NaN", 3],
    ["-Infinity", 4],
    ['"😀ab"', 3],
    ['["ab", "c"]', 3],
    ['{"long key": "ab", "k": [1, 22]}', 5],
  ])("get_size(%s) = %d", (json, size) => {
    expect(getSize(py(json))).toBe(size);
    expect(sizeAtMost(py(json), size)).toBe(true);
    expect(sizeAtMost(py(json), size - 1)).toBe(false);
  });
});
