import { NotebookError } from "./errors.js";
import { Lazy, PyFloat, type PyValue } from "./value.js";

/** Python's `bool(x)`: `[]`, `{}`, `""`, `0`, `0.0` and `None` are false; NaN is true. */
export function truthy(value: PyValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (value instanceof Lazy) return truthy(value.resolve());
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      return value !== 0; // NaN is true in Python too
    case "bigint":
      return value !== 0n;
    case "string":
      return value.length > 0;
  }
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  return value.size > 0;
}

type Numeric = { int: bigint } | { float: number };

function numeric(value: PyValue): Numeric | null {
  switch (typeof value) {
    case "boolean":
      return { int: value ? 1n : 0n };
    case "number":
      return Number.isInteger(value) ? { int: BigInt(value) } : { float: value };
    case "bigint":
      return { int: value };
  }
  if (value instanceof PyFloat) return { float: value.value };
  return null;
}

function numericEqual(a: Numeric, b: Numeric): boolean {
  if ("int" in a && "int" in b) return a.int === b.int;
  if ("float" in a && "float" in b) return a.float === b.float;
  const int = "int" in a ? a.int : (b as { int: bigint }).int;
  const float = "float" in a ? a.float : (b as { float: number }).float;
  // Python compares int and float exactly, not by converting the int to a double.
  return Number.isInteger(float) && BigInt(float) === int;
}

/**
 * Python's `==` on JSON values: dicts ignore key order, `1 == 1.0 == True`, and (as in Python's
 * container comparison) an object is always equal to itself, so a shared NaN compares equal.
 */
export function pyEqual(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  // NaN: every NaN in a stripped notebook is the very float object of the notebook as read.
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Lazy) return pyEqual(a.resolve(), b);
  if (b instanceof Lazy) return pyEqual(a, b.resolve());
  if (typeof a === "string" || typeof b === "string" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEqual(a[i] as PyValue, b[i] as PyValue)) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    // forEach allocates nothing per entry (an entries iterator does, until optimised).
    let equal = true;
    a.forEach((value, key) => {
      if (!equal) return;
      const other = b.get(key);
      if (other === undefined || !pyEqual(value, other)) equal = false;
    });
    return equal;
  }
  if (Array.isArray(b) || b instanceof Map) return false;
  const x = numeric(a);
  const y = numeric(b);
  return x !== null && y !== null && numericEqual(x, y);
}

/** Python's `item in container` for a string item; a TypeError where Python raises one. */
export function pyContains(container: PyValue | undefined, item: string): boolean {
  if (container instanceof Lazy) return pyContains(container.resolve(), item);
  if (typeof container === "string") return container.includes(item);
  if (Array.isArray(container)) return container.some((element) => element === item);
  if (container instanceof Map) return container.has(item);
  throw new NotebookError(
    "TypeError",
    `argument of type '${pyTypeName(container ?? null)}' is not iterable`,
  );
}

export function pyTypeName(value: PyValue): string {
  if (value === null) return "NoneType";
  if (value instanceof Lazy) return value.first === 0x7b ? "dict" : "list";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
  }
  if (value instanceof PyFloat) return "float";
  return Array.isArray(value) ? "list" : "dict";
}

/** `len(s)` in Python: code points, a well-formed surrogate pair counting once. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/**
 * Compare strings as Python does (`str` ordering): by code point. JS `<` compares UTF-16 units,
 * which puts U+1F600 (a surrogate pair) before U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    // Back up to the start of the code point when we are inside a pair whose high half matched.
    let at = i;
    if (i > 0) {
      const prev = a.charCodeAt(i - 1);
      if (
        prev >= 0xd800 &&
        prev <= 0xdbff &&
        ((x >= 0xdc00 && x <= 0xdfff) || (y >= 0xdc00 && y <= 0xdfff))
      )
        at = i - 1;
    }
    return (a.codePointAt(at) as number) - (b.codePointAt(at) as number);
  }
  return a.length - b.length;
}

/** Python's `str.isspace()` characters (what `str.strip()` removes). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's definitions include control characters
const NOT_SPACE = /[^\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's whitespace includes control characters
const SPACE_RUN = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Python's `str.split()`: runs of whitespace separate, none at either end. */
export function pySplit(text: string): string[] {
  return text.split(SPACE_RUN).filter((word) => word !== "");
}

/** `bool(s.strip())`: the string has a code point that is not Python whitespace. */
export function hasNonSpace(text: string): boolean {
  return NOT_SPACE.test(text);
}

/** The line boundaries of Python's `str.splitlines` (besides `\r\n`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's definitions include control characters
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

/** Python's `str.splitlines(keepends)`. */
export function splitLines(text: string, keepEnds: boolean): string[] {
  const lines: string[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const match = LINE_BREAK.exec(text);
    if (!match) break;
    const at = match.index;
    let end = at + 1;
    if (text.charCodeAt(at) === 0x0d && text.charCodeAt(end) === 0x0a) end++;
    lines.push(text.slice(start, keepEnds ? end : at));
    start = end;
    LINE_BREAK.lastIndex = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's definitions include control characters
const FIRST_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's definitions include control characters
const BREAK_BUT_LF = /[\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/**
 * Is `splitLines(lines.join(""), true)` equal to `lines`? True when every line but the last ends
 * with its only line break, and no `\r` + `\n` pair straddles two lines.
 */
export function isOwnSplit(lines: readonly string[]): boolean {
  // Sources break lines with `\n` alone, as a rule: one test of the whole source rules the others
  // out, and each line is then one native search instead of a regex call (a third of the cost).
  if (BREAK_BUT_LF.test(lines.join(""))) return isOwnSplitAnyBreak(lines);
  const last = lines.length - 1;
  for (let i = 0; i <= last; i++) {
    const line = lines[i] as string;
    const at = line.indexOf("\n");
    if (at === -1 ? i !== last || line === "" : at !== line.length - 1) return false;
  }
  return true;
}

function isOwnSplitAnyBreak(lines: readonly string[]): boolean {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") return false;
    const at = line.search(FIRST_BREAK);
    if (at === -1) {
      if (i !== lines.length - 1) return false;
      continue;
    }
    const end = line.charCodeAt(at) === 0x0d && line.charCodeAt(at + 1) === 0x0a ? at + 2 : at + 1;
    if (end !== line.length) return false;
    if (
      line.charCodeAt(at) === 0x0d &&
      end === at + 1 &&
      (lines[i + 1] ?? "").charCodeAt(0) === 0x0a
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Python's `repr(float)`: the shortest digits that round-trip, fixed notation iff
 * 1e-4 <= |x| < 1e16 (always with a `.`), otherwise `d[.ddd]e±XX`. `json.dumps` writes
 * non-finite floats as `NaN`, `Infinity` and `-Infinity`.
 */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // JS prints these in fixed notation with the same shortest digits; Python adds ".0".
    const text = String(x);
    return Number.isInteger(x) ? `${text}.0` : text;
  }
  // toExponential() without an argument gives the shortest round-trip digits.
  const exp = x.toExponential();
  const e = exp.indexOf("e");
  const negative = exp.charCodeAt(0) === 0x2d;
  const mantissa = exp.slice(negative ? 1 : 0, e);
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  const exponent = Number(exp.slice(e + 1));
  const sign = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    const point = exponent + 1;
    if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const digitsOfExponent = String(Math.abs(exponent)).padStart(2, "0");
  return `${sign}${head}e${exponent < 0 ? "-" : "+"}${digitsOfExponent}`;
}

/** `len(str(x))` for the scalars `get_size` measures (`str(nan)` is `nan`, not `NaN`). */
export function scalarSize(value: PyValue): number {
  if (value === null) return 4; // None
  switch (typeof value) {
    case "boolean":
      return value ? 4 : 5;
    case "bigint":
      return String(value).length;
    case "string":
      return codePointLength(value);
  }
  const x = value instanceof PyFloat ? value.value : typeof value === "number" ? value : null;
  if (x !== null) {
    if (value === x && Number.isInteger(x)) return String(x).length; // an int
    if (Number.isNaN(x)) return 3; // str(nan) == "nan"
    if (!Number.isFinite(x)) return x > 0 ? 3 : 4; // "inf", "-inf"
    return floatRepr(x).length;
  }
  return 0; // containers are summed by the caller
}

/**
 * nbstripout's `get_size(x) <= limit`: strings count code points, lists sum their items, dicts
 * sum their values (keys are free), anything else is `len(str(x))`. Stops as soon as the limit is
 * exceeded, so measuring a 10 MB image against the default limit 0 costs nothing.
 */
export function sizeAtMost(value: PyValue, limit: number): boolean {
  return measure(value, limit, 0) <= limit;
}

function measure(value: PyValue, limit: number, sofar: number): number {
  let total = sofar;
  if (Array.isArray(value) || value instanceof Map) {
    for (const item of value.values()) {
      total = measure(item, limit, total);
      if (total > limit) return total;
    }
    return total;
  }
  if (typeof value === "string") return addStringSize(value, limit, total);
  if (value instanceof Lazy) return value.measure(limit, total);
  return total + scalarSize(value);
}

/** `total` plus a string's `get_size` (its code points), or a lower bound already past `limit`. */
export function addStringSize(text: string, limit: number, total: number): number {
  // A string has at least length/2 code points: often enough to decide without counting.
  const atLeast = total + Math.ceil(text.length / 2);
  return atLeast > limit ? atLeast : total + codePointLength(text);
}

/** `get_size` itself (for tests and reports). */
export function getSize(value: PyValue): number {
  return measure(value, Number.POSITIVE_INFINITY, 0);
}
