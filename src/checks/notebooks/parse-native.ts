import {
  elementHint,
  type Hint,
  MAX_DEPTH,
  memberHint,
  NONE,
  OUTPUT,
  ROOT,
} from "./parse-hints.js";
import { addStringSize, scalarSize } from "./python.js";
import { Lazy, type PyDict, type PyList, type PyValue } from "./value.js";

/**
 * Notebooks below this size are parsed by `JSON.parse` first. Above it the exact parser, which
 * skips the outputs it will strip without building them, keeps peak memory low.
 */
export const NATIVE_MAX_CHARS = 4 * 1024 * 1024;

/**
 * The fast path of `parseJson(text, { lazyOutputs: true })` for a v4 notebook: `JSON.parse` is
 * native code and needs no warm-up, which the exact parser does in every short-lived process
 * (it cost ~0.3 ms per small notebook). Its tree becomes the same value model, outputs' members
 * as `Lazy`. Returns null wherever the result could differ from Python's `json.loads` as the
 * exact parser models it, and that parser runs instead:
 * - text `JSON.parse` refuses (Python's message comes from the exact parser; NaN, Infinity);
 * - a float literal with an integral value (`1.0`, `1e5`: a Python float, a JS integer) or an
 *   integer of 16+ digits (beyond exact doubles);
 * - a key that starts with a digit (JS objects put integer-like keys first, Python keeps order);
 * - nesting deeper than Python's recursion limit;
 * - anything but `"nbformat": 4` (older writers keep the key order, which the tree then needs).
 */
export function parseNative(text: string): PyValue | null {
  const raw = parseExactJson(text);
  if (!isPlainObject(raw) || raw.nbformat !== 4) return null;
  try {
    return convert(raw, ROOT);
  } catch (error) {
    if (error === NOT_EXACT) return null;
    throw error;
  }
}

/**
 * Number tokens outside strings: skip runs of characters that are neither a quote nor a digit,
 * and whole strings, then capture the next token (a `-` sign was skipped with the run). In valid
 * JSON an escaped character is never a line break, so `.` takes it.
 */
const NEXT_NUMBER = /(?:[^"0-9]+|"(?:[^"\\]+|\\.)*")*([0-9][0-9.eE+-]*)?/y;
const FLOAT_SYNTAX = /[.eE]/;

/** Whether every number in the (valid JSON) text reads the same as a JS number and in Python. */
export function numbersAreExact(text: string): boolean {
  NEXT_NUMBER.lastIndex = 0;
  for (;;) {
    const match = NEXT_NUMBER.exec(text);
    const token = match?.[1];
    if (token === undefined) return NEXT_NUMBER.lastIndex === text.length;
    if (FLOAT_SYNTAX.test(token)) {
      if (Number.isInteger(Number(token))) return false;
    } else if (token.length > 15) {
      return false;
    }
  }
}

/**
 * The `{` and `[` in a text: depth can only pass the limit with that many. `split` counts them
 * in native code (an `indexOf` loop costs twice as much, measured).
 */
export const bracketCount = (text: string): number =>
  text.split("{").length + text.split("[").length - 2;

/**
 * `JSON.parse(text)` where its value is the one Python's `json.loads` reads: every number the
 * same (`numbersAreExact`) and nesting within Python's limit. Else undefined, which no JSON
 * text parses to: text `JSON.parse` refuses, or whose scan's regex ran out of stack, included.
 * `brackets` is the text's `bracketCount`, when the caller has it.
 */
export function parseExactJson(text: string, brackets = bracketCount(text)): unknown {
  try {
    const raw: unknown = JSON.parse(text);
    return numbersAreExact(text) && withinDepth(brackets, raw) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** Within Python's nesting limit: only a text with more brackets than it is walked. */
function withinDepth(brackets: number, raw: unknown): boolean {
  return brackets <= MAX_DEPTH || depthOf(raw) <= MAX_DEPTH;
}

function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (depth > deepest) deepest = depth;
    const items = Array.isArray(value) ? value : Object.values(value as object);
    for (const item of items) {
      if (typeof item === "object" && item !== null) stack.push([item, depth + 1]);
    }
  }
  return deepest;
}

const NOT_EXACT = new Error("not exact");

/** A JSON object (not an array, not null). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `JSON.parse`'s value as the value model; `hint` as in the exact parser. With `keyOrder`, a
 * key whose order JS may have changed ends the fast path.
 */
function convert(value: unknown, hint: Hint, keyOrder = true): PyValue {
  if (typeof value !== "object" || value === null) {
    return value === 0 ? 0 : (value as PyValue); // `-0` is the int 0 in Python
  }
  if (Array.isArray(value)) {
    const inner = elementHint(hint);
    const list: PyList = new Array(value.length);
    for (let i = 0; i < value.length; i++) list[i] = convert(value[i], inner, keyOrder);
    return list;
  }
  const dict: PyDict = new Map();
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const first = key.charCodeAt(0);
    if (keyOrder && first >= 0x30 && first <= 0x39) throw NOT_EXACT;
    const member = record[key];
    if (hint === OUTPUT && typeof member === "object" && member !== null) {
      dict.set(key, new NativeJson(member));
    } else {
      dict.set(key, convert(member, memberHint(hint, key), keyOrder));
    }
  }
  return dict;
}

/** An output's container member, left as `JSON.parse` built it until someone looks inside. */
class NativeJson extends Lazy {
  readonly first: number;

  constructor(private readonly value: object) {
    super();
    this.first = Array.isArray(value) ? 0x5b : 0x7b;
  }

  /** Asked of a stream's text only (nbformat.ts), so worked out only then. */
  get allStrings(): boolean {
    const value = this.value;
    return Array.isArray(value) && value.every((item) => typeof item === "string");
  }

  /** Key order inside an output is never read: members by name, dicts compared, keys sorted. */
  resolve(): PyValue {
    return convert(this.value, NONE, false);
  }

  measure(limit: number, sofar: number): number {
    return measurePlain(this.value, limit, sofar);
  }
}

/** nbstripout's `get_size` on a `JSON.parse` value (see python.ts `sizeAtMost`). */
function measurePlain(value: unknown, limit: number, sofar: number): number {
  if (typeof value === "string") return addStringSize(value, limit, sofar);
  if (typeof value !== "object" || value === null) return sofar + scalarSize(value as PyValue);
  let total = sofar;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    total = measurePlain(item, limit, total);
    if (total > limit) return total;
  }
  return total;
}
