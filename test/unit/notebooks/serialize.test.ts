import { describe, expect, it } from "vitest";
import { NotebookError } from "../../../src/checks/notebooks/errors.js";
import { parseJson } from "../../../src/checks/notebooks/parse.js";
import { compareCodePoints, floatRepr } from "../../../src/checks/notebooks/python.js";
import { type DumpOptions, dumps } from "../../../src/checks/notebooks/serialize.js";

const v4: DumpOptions = { indent: 1, sortKeys: true, ensureAscii: false, newline: "\n" };
const ascii: DumpOptions = { ...v4, ensureAscii: true };
const roundTrip = (json: string, options = v4): string => dumps(parseJson(json), options);

describe("floatRepr is Python's repr(float)", () => {
  it.each([
    [1, "1.0"],
    [100000, "100000.0"],
    [0.1, "0.1"],
    [-2.5, "-2.5"],
    [1e-4, "0.0001"],
    [1e-5, "1e-05"],
    [1e-7, "1e-07"],
    [1e15, "1000000000000000.0"],
    [9999999999999998, "9999999999999998.0"],
    [1e16, "1e+16"],
    [1e22, "1e+22"],
    [123456789012345680000, "1.2345678901234568e+20"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [0.30000000000000004, "0.30000000000000004"],
    [-0, "-0.0"],
    [0, "0.0"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    [Number.NEGATIVE_INFINITY, "-Infinity"],
  ])("%d → %s", (x, repr) => {
    expect(floatRepr(x)).toBe(repr);
  });
});

describe("dumps: json.dumps(indent=N, separators=(',', ': '))", () => {
  it("indents one level per depth, empty containers inline", () => {
    expect(roundTrip('{"a": [1, {"b": []}], "c": {}}')).toBe(
      '{\n "a": [\n  1,\n  {\n   "b": []\n  }\n ],\n "c": {}\n}',
    );
  });

  it("writes numbers as Python does: ints exact, floats by repr", () => {
    expect(roundTrip("[1, -0, 1.0, 1E5, 1e-7, 12345678901234567890, 2.50, NaN, -Infinity]")).toBe(
      "[\n 1,\n 0,\n 1.0,\n 100000.0,\n 1e-07,\n 12345678901234567890,\n 2.5,\n NaN,\n -Infinity\n]",
    );
  });

  it("sorts keys by code point, not by UTF-16 unit", () => {
    const text = roundTrip('{"😀": 1, "\\uffff": 2, "é": 3, "Zed": 4, "10": 5, "2": 6}');
    expect(text.split("\n").map((line) => line.trim().split(":")[0])).toEqual([
      "{",
      '"10"',
      '"2"',
      '"Zed"',
      '"é"',
      '"\uffff"',
      '"😀"',
      "}",
    ]);
    expect(["😀", "\uffff"].sort(compareCodePoints)).toEqual(["\uffff", "😀"]);
  });

  it("keeps insertion order without sort_keys", () => {
    expect(roundTrip('{"b": 1, "a": 2, "10": 3}', { ...v4, sortKeys: false })).toBe(
      '{\n "b": 1,\n "a": 2,\n "10": 3\n}',
    );
  });

  it("escapes like Python with ensure_ascii=False", () => {
    expect(roundTrip('["\\u0000\\u001f\\b\\f\\n\\r\\t\\"\\\\ \u007f é 😀 \u2028"]')).toBe(
      '[\n "\\u0000\\u001f\\b\\f\\n\\r\\t\\"\\\\ \u007f é 😀 \u2028"\n]',
    );
  });

  it("escapes everything beyond printable ASCII with ensure_ascii=True", () => {
    expect(roundTrip('["\u007f é 😀 \\ud800"]', ascii)).toBe(
      '[\n "\\u007f \\u00e9 \\ud83d\\ude00 \\ud800"\n]',
    );
  });

  it("refuses a lone surrogate where Python's UTF-8 encoder would fail", () => {
    expect(() => roundTrip('["\\ud800"]')).toThrow(NotebookError);
    expect(() => roundTrip('["\\ud800"]')).toThrow(/surrogates not allowed/);
    expect(roundTrip('["\\\\ud800"]')).toBe('[\n "\\\\ud800"\n]'); // an escaped backslash is fine
  });

  it("uses the requested newline between members", () => {
    expect(roundTrip('{"a": [1]}', { ...v4, newline: "\r\n" })).toBe(
      '{\r\n "a": [\r\n  1\r\n ]\r\n}',
    );
  });
});
