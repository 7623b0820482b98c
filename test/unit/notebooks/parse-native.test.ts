import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../../src/checks/notebooks/parse.js";
import { NATIVE_MAX_CHARS, parseNative } from "../../../src/checks/notebooks/parse-native.js";
import { getSize } from "../../../src/checks/notebooks/python.js";
import {
  isDict,
  isList,
  Lazy,
  type PyDict,
  PyFloat,
  type PyValue,
  resolveAll,
} from "../../../src/checks/notebooks/value.js";
import { NOTEBOOK_FIXTURES } from "../../helpers/notebooks.js";

/** The same value model, key order included (Map equality in vitest ignores order). */
function sameTree(a: PyValue, b: PyValue): boolean {
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const keysA = [...a.keys()];
    const keysB = [...b.keys()];
    if (keysA.some((key, i) => key !== keysB[i])) return false;
    return keysA.every((key) => sameTree(a.get(key) as PyValue, b.get(key) as PyValue));
  }
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i] as PyValue))
    );
  }
  if (a instanceof PyFloat) return b instanceof PyFloat && Object.is(a.value, b.value);
  return Object.is(a, b);
}

/** A small v4 notebook around one output and one cell metadata value. */
const notebook = (output: string, metadata = "{}", extra = ""): string =>
  `{"cells": [{"cell_type": "code", "execution_count": 3, "id": "a", "metadata": ${metadata},
    "outputs": [${output}], "source": ["x = 1.0  # \\"2.0\\" in a string\\n", "y"]}],
   "metadata": {}, "nbformat": 4, "nbformat_minor": 5${extra}}`;
const STREAM = `{"name": "stdout", "output_type": "stream", "text": ["loss: 1.0\\n", "é\\n"]}`;

describe("parseNative: JSON.parse's tree, or null where it could differ from Python's", () => {
  it("gives the exact parser's tree for every fixture it takes", () => {
    const files = readdirSync(NOTEBOOK_FIXTURES)
      .filter((name) => name.endsWith(".ipynb"))
      .map((name) => join(NOTEBOOK_FIXTURES, name));
    let taken = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const fast = parseNative(text);
      if (fast === null) continue;
      taken++;
      expect(sameTree(resolveAll(fast), parseJson(text)), file).toBe(true);
    }
    expect(taken).toBeGreaterThan(3);
  });

  it.each([
    ["a duplicate key (last value, first place)", '{"a": 1, "b": 2, "a": 3}'],
    ["__proto__ and constructor as ordinary keys", '{"__proto__": {"x": 1}, "constructor": 2}'],
    ["lone and paired surrogate escapes", '{"s": "\\ud800 \\udc00 \\ud83d\\ude00"}'],
    ["control and quote escapes", '{"s": "\\u0000\\u001f\\"\\\\\\/"}'],
    ["an empty key and a digit inside a key", '{"": 1, "a1": 2}'],
    ["non-ASCII keys, escaped or not", '{"é": 1, "😀": 2, "\\u00e8": 3}'],
    ["-0, small and exact numbers", '{"z": -0, "y": -0.5, "x": 1.5e-7, "w": 123456789012345}'],
    ["nesting within the limit", `{"t": ${"[".repeat(900)}${"]".repeat(900)}}`],
    ["all JSON whitespace", '{ "a" :\t1 ,\r\n"b":[ ] }'],
  ])("agrees with the exact parser on %s", (_name, metadata) => {
    const text = notebook(STREAM, metadata);
    const fast = parseNative(text);
    expect(fast).not.toBeNull();
    expect(sameTree(resolveAll(fast as PyValue), parseJson(text))).toBe(true);
  });

  it("reads numbers inside strings as text: floats in sources and outputs keep the fast path", () => {
    const text = notebook(STREAM);
    const fast = parseNative(text);
    expect(fast).not.toBeNull();
    expect(sameTree(resolveAll(fast as PyValue), parseJson(text))).toBe(true);
  });

  it("leaves outputs' members lazy, as the exact parser does", () => {
    const root = parseNative(notebook(STREAM)) as PyDict;
    const cell = (root.get("cells") as PyValue[])[0] as PyDict;
    const output = (cell.get("outputs") as PyValue[])[0] as PyDict;
    const text = output.get("text");
    expect(text).toBeInstanceOf(Lazy);
    expect((text as Lazy).first).toBe(0x5b);
    expect((text as Lazy).allStrings).toBe(true);
    expect((text as Lazy).resolve()).toEqual(["loss: 1.0\n", "é\n"]);
    // Every resolve builds a fresh value: callers may change what they get.
    expect((text as Lazy).resolve()).not.toBe((text as Lazy).resolve());
  });

  it("measures outputs as nbstripout's get_size does, like the exact parser's lazies", () => {
    const output = `{"data": {"text/plain": ["ab", "c😀"], "n": [12, 0.5, true, null]},
      "execution_count": 7, "metadata": {"k": {"x": "yz"}}, "output_type": "execute_result"}`;
    const fast = parseNative(notebook(output)) as PyDict;
    // An integral float elsewhere sends the same notebook to the exact parser (its RawJson lazies).
    const slowText = notebook(output, "{}", ', "z": 1.0');
    expect(parseNative(slowText)).toBeNull();
    const slow = parseJson(slowText, { lazyOutputs: true }) as PyDict;
    const members = (root: PyDict): PyValue => {
      const cell = (root.get("cells") as PyValue[])[0] as PyDict;
      return (cell.get("outputs") as PyValue[])[0] as PyValue;
    };
    expect(getSize(members(fast))).toBe(getSize(members(slow)));
    const eager = resolveAll(parseJson(notebook(output))) as PyDict;
    expect(getSize(members(fast))).toBe(getSize(members(eager)));
    expect(getSize(members(fast))).toBe(34); // 17 for data, 1, 2, and 14 for "execute_result"
  });

  it.each([
    ["an integral float (1.0 is a Python float)", notebook("", '{"w": 1.0}')],
    ["an exponent with an integral value", notebook("", '{"w": 1e5}')],
    ["-0.0", notebook("", '{"w": -0.0}')],
    ["an integral float inside an output", notebook(`{"output_type": "x", "data": {"v": [2.0]}}`)],
    ["an int of 16 digits", notebook("", '{"w": 1234567890123456}')],
    ["a digit-led key (JS would move it first)", notebook("", '{"b": 1, "10": 2}')],
    ["NaN", notebook("", '{"w": NaN}')],
    ["invalid JSON", notebook("", "{,}")],
    ["nbformat 3", notebook("").replace('"nbformat": 4', '"nbformat": 3')],
    ["nbformat 4.0", notebook("").replace('"nbformat": 4', '"nbformat": 4.0')],
    ["a top-level list", "[1, 2]"],
  ])("declines %s", (_name, text) => {
    expect(parseNative(text)).toBeNull();
  });

  it("keeps non-integral floats, -0 as the int 0, and big-but-exact ints", () => {
    const root = parseNative(notebook("", '{"a": 0.5, "b": -0, "c": 123456789012345}')) as PyDict;
    const cell = (root.get("cells") as PyValue[])[0] as PyDict;
    const metadata = cell.get("metadata") as PyDict;
    expect(metadata.get("a")).toBe(0.5);
    expect(Object.is(metadata.get("b"), 0)).toBe(true);
    expect(metadata.get("c")).toBe(123456789012345);
  });

  it("declines nesting past Python's recursion limit, even inside an output", () => {
    const deep = `${"[".repeat(1000)}${"]".repeat(1000)}`;
    expect(parseNative(notebook(`{"output_type": "x", "data": {"v": ${deep}}}`))).toBeNull();
    const shallow = `${"[".repeat(600)}${"]".repeat(600)}`;
    const text = notebook(`{"output_type": "x", "data": {"v": ${shallow}}}`, `{"t": ${shallow}}`);
    expect(text.split("[").length - 1).toBeGreaterThan(990); // counted, then walked
    expect(parseNative(text)).not.toBeNull();
  });

  it("is used by parseJson for notebooks up to NATIVE_MAX_CHARS", () => {
    const text = notebook(STREAM);
    expect(text.length).toBeLessThan(NATIVE_MAX_CHARS);
    const root = parseJson(text, { lazyOutputs: true }) as PyDict;
    const cell = (root.get("cells") as PyValue[])[0] as PyDict;
    const output = (cell.get("outputs") as PyValue[])[0] as PyDict;
    expect(output.get("text")?.constructor.name).toBe("NativeJson");
    expect(isDict(root) && isList(root.get("cells"))).toBe(true);
  });
});
