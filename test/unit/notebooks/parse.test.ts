import { describe, expect, it } from "vitest";
import { JsonDecodeError, NotebookError } from "../../../src/checks/notebooks/errors.js";
import { parseJson } from "../../../src/checks/notebooks/parse.js";
import { getSize } from "../../../src/checks/notebooks/python.js";
import { dumps } from "../../../src/checks/notebooks/serialize.js";
import { Lazy, PyFloat, type PyValue, resolveAll } from "../../../src/checks/notebooks/value.js";

const decodeError = (text: string): string => {
  try {
    parseJson(text);
  } catch (error) {
    if (error instanceof JsonDecodeError) return error.detail;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
};

describe("parseJson: values as Python's json.loads makes them", () => {
  it("keeps ints and floats apart", () => {
    expect(parseJson("1")).toBe(1);
    expect(parseJson("-0")).toBe(0);
    expect(Object.is(parseJson("-0"), 0)).toBe(true);
    expect(parseJson("1.0")).toEqual(new PyFloat(1));
    expect(parseJson("1E5")).toEqual(new PyFloat(100000));
    expect(Object.is((parseJson("-0.0") as PyFloat).value, -0)).toBe(true);
    expect(parseJson("0.5")).toBe(0.5); // non-integral floats stay plain numbers
    expect(parseJson("1e400")).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps big ints exact", () => {
    expect(parseJson("123456789012345678901234567890")).toBe(123456789012345678901234567890n);
    expect(parseJson("-9007199254740993")).toBe(-9007199254740993n);
    expect(parseJson("9007199254740991")).toBe(9007199254740991);
  });

  it("refuses ints longer than Python's 4300 digits, as ValueError", () => {
    const error = (() => {
      try {
        parseJson("1".repeat(4301));
      } catch (e) {
        return e as JsonDecodeError;
      }
    })();
    expect(error?.kind).toBe("ValueError");
    expect(parseJson("1".repeat(4300))).toBe(BigInt("1".repeat(4300)));
  });

  it("accepts NaN, Infinity and -Infinity", () => {
    expect(parseJson("[NaN, Infinity, -Infinity]")).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
  });

  it("keeps key order, integer-like keys and __proto__ as ordinary keys", () => {
    const value = parseJson('{"b": 1, "10": 2, "2": 3, "__proto__": {"x": 1}, "a": 4}') as Map<
      string,
      PyValue
    >;
    expect([...value.keys()]).toEqual(["b", "10", "2", "__proto__", "a"]);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it("keeps a duplicate key at its first position with its last value", () => {
    const value = parseJson('{"a": 1, "b": 2, "a": 3}') as Map<string, PyValue>;
    expect([...value.entries()]).toEqual([
      ["a", 3],
      ["b", 2],
    ]);
  });

  it("decodes escapes, keeping a lone surrogate lone", () => {
    expect(parseJson('"a\\n\\t\\"\\\\\\/\\b\\f\\r"')).toBe('a\n\t"\\/\b\f\r');
    expect(parseJson('"\\ud83d\\ude00"')).toBe("😀");
    expect(parseJson('"\\ud800x"')).toBe("\ud800x");
    expect(parseJson('"line\\n"')).toBe("line\n");
    expect(parseJson('"😀 é"')).toBe("😀 é");
  });
});

describe("parseJson: object keys (short ones are shared between objects)", () => {
  it("reads keys of every length, with and without escapes, the same in every object", () => {
    const keys = [
      "",
      "a",
      "output_type",
      "execution_count",
      "application/vnd.jupyter.widget-state+json",
      "k".repeat(39),
      "k".repeat(40),
      "k".repeat(41),
      "tab\\there",
      "caf\\u00e9",
      "é ünïcode ✓",
      "\\ud83d\\ude00 emoji",
    ];
    const object = `{${keys.map((key, i) => `"${key}": ${i}`).join(", ")}}`;
    const expected = new Map(keys.map((key, i) => [JSON.parse(`"${key}"`) as string, i]));
    for (let round = 0; round < 3; round++) {
      expect(parseJson(`[${object}, ${object}]`)).toEqual([expected, expected]);
    }
  });

  it("tells apart keys that share a table slot or a prefix", () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `key${i}`);
    const text = `{${keys.map((key, i) => `"${key}": ${i}`).join(",")}}`;
    const first = parseJson(text) as Map<string, PyValue>;
    const second = parseJson(text.replace(/"key(\d+)"/g, '"key$1x"')) as Map<string, PyValue>;
    expect([...first.keys()]).toEqual(keys);
    expect([...second.keys()]).toEqual(keys.map((key) => `${key}x`));
  });

  it("reports a bad key exactly", () => {
    expect(decodeError('{"abc')).toBe("Unterminated string starting at: line 1 column 2 (char 1)");
    expect(decodeError('{"a\\qb": 1}')).toBe("Invalid \\escape: line 1 column 4 (char 3)");
    expect(decodeError('{"a\u0001": 1}')).toBe(
      "Invalid control character at: line 1 column 4 (char 3)",
    );
  });
});

describe("parseJson: errors worded and placed as Python does", () => {
  it.each([
    ["", "Expecting value: line 1 column 1 (char 0)"],
    ["[1,]", "Expecting value: line 1 column 4 (char 3)"],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['{"a":1,}', "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"],
    ["[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"],
    ['"abc', "Unterminated string starting at: line 1 column 1 (char 0)"],
    ['"a\\x"', "Invalid \\escape: line 1 column 3 (char 2)"],
    ['"a\\u12"', "Invalid \\uXXXX escape: line 1 column 4 (char 3)"],
    ['"a\u0001"', "Invalid control character at: line 1 column 3 (char 2)"],
    ["01", "Extra data: line 1 column 2 (char 1)"],
    ["{} x", "Extra data: line 1 column 4 (char 3)"],
    ["\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"],
    ['{"é😀": [1,\n  2,, 3]}', "Expecting value: line 2 column 5 (char 15)"],
  ])("%j", (text, message) => {
    expect(decodeError(text)).toBe(message);
  });

  it("stops runaway nesting with Python's RecursionError", () => {
    expect(() => parseJson("[".repeat(5000))).toThrow(NotebookError);
    expect(() => parseJson("[".repeat(5000))).toThrow(/RecursionError/);
  });
});

describe("parseJson with lazy outputs", () => {
  const notebook = JSON.stringify({
    cells: [
      {
        cell_type: "code",
        metadata: {},
        outputs: [
          { output_type: "stream", name: "stdout", text: ["a\n", "b"] },
          { output_type: "display_data", data: { "image/png": "AAAA" }, metadata: {} },
        ],
        source: "x",
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

  // An integral float keeps a notebook away from the JSON.parse fast path (parse-native.ts).
  const exactOnly = notebook.replace('"nbformat_minor":5', '"nbformat_minor":5,"v":1.0');
  const firstOutputs = (root: PyValue): Map<string, PyValue>[] => {
    const cell = ((root as Map<string, PyValue>).get("cells") as PyValue[])[0] as Map<
      string,
      PyValue
    >;
    return cell.get("outputs") as Map<string, PyValue>[];
  };

  it.each([
    ["the exact parser", exactOnly],
    ["the JSON.parse fast path", notebook],
  ])("leaves output members unbuilt, and builds them identically (%s)", (_name, text) => {
    const lazy = parseJson(text, { lazyOutputs: true });
    const stream = firstOutputs(lazy)[0] as Map<string, PyValue>;
    expect(stream.get("output_type")).toBe("stream");
    expect(stream.get("text")).toBeInstanceOf(Lazy);
    expect((stream.get("text") as Lazy).allStrings).toBe(true);
    const options = { indent: 1, sortKeys: true, ensureAscii: false, newline: "\n" };
    expect(dumps(resolveAll(lazy), options)).toBe(dumps(parseJson(text), options));
  });

  it("measures an output with a repeated key as Python does: the last value only", () => {
    const repeated = exactOnly.replace(
      '{"image/png":"AAAA"}',
      '{"text/plain":"0123456789abcdef","text/plain":"y"}',
    );
    expect(repeated).not.toBe(exactOnly);
    const lazy = firstOutputs(parseJson(repeated, { lazyOutputs: true }))[1] as PyValue;
    const eager = firstOutputs(parseJson(repeated))[1] as PyValue;
    expect(getSize(lazy)).toBe(getSize(eager));
    expect(getSize(eager)).toBe("y".length + "display_data".length);
  });

  it("still reports a syntax error inside an output exactly", () => {
    const broken = notebook.replace('"AAAA"', '"AA\\qA"');
    expect(() => parseJson(broken, { lazyOutputs: true })).toThrow(
      /Invalid \\escape: line 1 column \d+ \(char \d+\)/,
    );
  });
});
