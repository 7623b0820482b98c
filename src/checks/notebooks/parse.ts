import { JsonDecodeError, NotebookError } from "./errors.js";
import {
  elementHint,
  type Hint,
  MAX_DEPTH,
  memberHint,
  NONE,
  OUTPUT,
  ROOT,
} from "./parse-hints.js";
import { NATIVE_MAX_CHARS, parseNative } from "./parse-native.js";
import { addStringSize, scalarSize } from "./python.js";
import { Lazy, type PyDict, PyFloat, type PyList, type PyValue } from "./value.js";

export interface ParseOptions {
  /**
   * Leave the container members of notebook cell outputs (`data`, `text` lists, `metadata`, …)
   * as validated `Lazy` values: most outputs are stripped without ever being looked at.
   */
  readonly lazyOutputs?: boolean;
}

/**
 * A lossless JSON parser with the semantics of Python's `json.loads` (the C scanner, strict
 * mode): `NaN`/`Infinity`/`-Infinity` accepted; ints kept exact (bigint beyond 2^53) and told
 * apart from floats; only ASCII digits; whitespace is space, tab, LF and CR; control characters
 * inside strings rejected; a leading U+FEFF rejected as Python does; duplicate keys keep their
 * first position and last value; error messages and positions as Python reports them.
 */
export function parseJson(text: string, options: ParseOptions = {}): PyValue {
  if (text.charCodeAt(0) === 0xfeff) {
    throw decodeError(text, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  }
  if (options.lazyOutputs) {
    if (text.length <= NATIVE_MAX_CHARS) {
      const value = parseNative(text);
      if (value !== null) return value;
    }
    try {
      return parseWhole(text, ROOT);
    } catch (error) {
      // Skipped text is only validated: parse everything, for Python's exact message (or, with
      // a repeated key, for the last value Python keeps).
      if (error !== SKIP_FAILED) throw error;
    }
  }
  return parseWhole(text, NONE);
}

function parseWhole(text: string, hint: Hint): PyValue {
  const parser = new Parser(text);
  const start = parser.skipWhitespace(0);
  const value = parser.value(start, 0, hint);
  const end = parser.skipWhitespace(parser.pos);
  if (end !== text.length) throw decodeError(text, "Extra data", end);
  return value;
}

/** Skipped text that is invalid, or has a repeated key: the caller parses it all eagerly. */
const SKIP_FAILED = new Error("skipped text cannot stay lazy");

/** A validated JSON container inside the document, built on demand. */
class RawJson extends Lazy {
  constructor(
    private readonly text: string,
    private readonly start: number,
    readonly first: number,
    readonly allStrings: boolean,
  ) {
    super();
  }

  resolve(): PyValue {
    return new Parser(this.text).value(this.start, 0, NONE);
  }

  measure(limit: number, sofar: number): number {
    return new Parser(this.text).measure(this.start, limit, sofar);
  }
}

/** Python's limit on converting long digit strings to int (`sys.int_info.default_max_str_digits`). */
const MAX_INT_DIGITS = 4300;

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings end at a control character
const STRING_CHUNK = /[^"\\\u0000-\u001f]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Keys up to this many characters are interned (see `Parser.key`). */
const MAX_INTERNED = 40;
const INTERN_MASK = 1023;
const INTERNED: (string | undefined)[] = new Array(INTERN_MASK + 1);

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(from: number): number {
    const text = this.text;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return i;
    }
  }

  /** Parse one value starting exactly at `at`; leaves `pos` just after it. */
  value(at: number, depth: number, hint: Hint): PyValue {
    const text = this.text;
    const c = text.charCodeAt(at);
    switch (c) {
      case 0x22: // "
        return this.string(at + 1);
      case 0x7b: // {
        return this.object(at, depth + 1, hint);
      case 0x5b: // [
        return this.array(at, depth + 1, hint);
      case 0x6e: // n
        if (text.startsWith("null", at)) {
          this.pos = at + 4;
          return null;
        }
        break;
      case 0x74: // t
        if (text.startsWith("true", at)) {
          this.pos = at + 4;
          return true;
        }
        break;
      case 0x66: // f
        if (text.startsWith("false", at)) {
          this.pos = at + 5;
          return false;
        }
        break;
      case 0x4e: // N
        if (text.startsWith("NaN", at)) {
          this.pos = at + 3;
          return Number.NaN;
        }
        break;
      case 0x49: // I
        if (text.startsWith("Infinity", at)) {
          this.pos = at + 8;
          return Number.POSITIVE_INFINITY;
        }
        break;
      case 0x2d: // -
        if (text.startsWith("-Infinity", at)) {
          this.pos = at + 9;
          return Number.NEGATIVE_INFINITY;
        }
        return this.number(at);
      default:
        if (c >= 0x30 && c <= 0x39) return this.number(at);
    }
    throw decodeError(text, "Expecting value", at);
  }

  number(at: number): PyValue {
    const text = this.text;
    let i = at;
    const negative = text.charCodeAt(i) === 0x2d;
    if (negative) i++;
    // The digits as a number while it is exact (at most 15 digits), for the fast float path.
    let mantissa = 0;
    let c = text.charCodeAt(i);
    if (c === 0x30) {
      i++;
    } else if (c >= 0x31 && c <= 0x39) {
      do {
        mantissa = mantissa * 10 + (c - 0x30);
        c = text.charCodeAt(++i);
      } while (c >= 0x30 && c <= 0x39);
    } else {
      throw decodeError(text, "Expecting value", at);
    }
    const intEnd = i;
    let isFloat = false;
    let fractionDigits = 0;
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      i++;
      for (c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) {
        mantissa = mantissa * 10 + (c - 0x30);
        fractionDigits++;
      }
      isFloat = true;
    }
    let exponent = 0;
    c = text.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      let j = i + 1;
      c = text.charCodeAt(j);
      const negativeExponent = c === 0x2d;
      if (c === 0x2b || c === 0x2d) j++;
      if (isDigit(text.charCodeAt(j))) {
        for (c = text.charCodeAt(j); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++j)) {
          exponent = exponent * 10 + (c - 0x30);
        }
        if (negativeExponent) exponent = -exponent;
        i = j;
        isFloat = true;
      }
    }
    this.pos = i;
    if (isFloat) {
      let value: number;
      const scale = exponent - fractionDigits;
      const significant = intEnd - at - (negative ? 1 : 0) + fractionDigits;
      if (significant <= 15 && scale >= -22 && scale <= 22) {
        // Exact operands, one IEEE operation: correctly rounded, as strtod (Clinger's fast path).
        value =
          scale < 0
            ? mantissa / (POWERS_OF_TEN[-scale] as number)
            : mantissa * (POWERS_OF_TEN[scale] as number);
        if (negative) value = -value;
      } else {
        value = Number(text.slice(at, i));
      }
      // Floats with an integral value (1.0, 1e5, -0.0) are wrapped, the rest stay plain.
      return Number.isInteger(value) ? new PyFloat(value) : value;
    }
    const digits = intEnd - at - (negative ? 1 : 0);
    if (digits <= 15) return negative ? 0 - mantissa : mantissa; // 0 - 0 is +0, as in Python
    if (digits > MAX_INT_DIGITS) {
      throw new JsonDecodeError(
        `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${digits} digits`,
        0,
        0,
        0,
        "ValueError",
      );
    }
    const lexeme = text.slice(at, intEnd);
    const value = Number(lexeme);
    return Number.isSafeInteger(value) ? value : BigInt(lexeme);
  }

  /**
   * An object key (`from` is just after the opening quote). Keys repeat in every cell and
   * output: a short one without escapes is looked up in a small table instead of being cut out
   * of the document again, so each distinct key is one string (its hash computed once).
   */
  key(from: number): string {
    const text = this.text;
    let hash = 0;
    let end = from;
    const limit = from + MAX_INTERNED;
    for (; end < limit; end++) {
      const c = text.charCodeAt(end);
      if (c === 0x22) break;
      if (c === 0x5c || c < 0x20) return this.string(from);
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (end === limit) return this.string(from);
    this.pos = end + 1;
    const slot = (hash ^ (hash >>> 11) ^ (end - from)) & INTERN_MASK;
    const known = INTERNED[slot];
    const length = end - from;
    if (known !== undefined && known.length === length && text.startsWith(known, from)) {
      return known;
    }
    // A fresh string, not a slice: a slice (13+ characters) would keep the document alive.
    const key =
      length < 13 ? text.slice(from, end) : (JSON.parse(text.slice(from - 1, end + 1)) as string);
    INTERNED[slot] = key;
    return key;
  }

  /** `from` is just after the opening quote. */
  string(from: number): string {
    const text = this.text;
    STRING_CHUNK.lastIndex = from;
    STRING_CHUNK.test(text);
    let end = STRING_CHUNK.lastIndex;
    if (text.charCodeAt(end) === 0x22) {
      this.pos = end + 1;
      return text.slice(from, end);
    }
    if (text.charCodeAt(end) === 0x5c) {
      // By far the most common escape: a line of source or output ending in "\n". Appending
      // keeps the text shared with the document (a rope) instead of copying it.
      if (text.charCodeAt(end + 1) === 0x6e && text.charCodeAt(end + 2) === 0x22) {
        this.pos = end + 3;
        return `${text.slice(from, end)}\n`;
      }
      // Other escapes: find the closing quote and let the native decoder do the work (its escapes
      // and its refusals are JSON's, as Python's are); on any refusal the loop below finds the
      // error and reports it Python's way.
      let quote = text.indexOf('"', end + 1);
      for (;;) {
        if (quote === -1) break;
        let backslashes = 0;
        for (let i = quote - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++;
        if (backslashes % 2 === 0) break;
        quote = text.indexOf('"', quote + 1);
      }
      if (quote !== -1) {
        try {
          const decoded = JSON.parse(text.slice(from - 1, quote + 1)) as string;
          this.pos = quote + 1;
          return decoded;
        } catch {
          // Fall through to the exact scan for Python's message.
        }
      }
    }
    const parts: string[] = [];
    let chunkStart = from;
    for (;;) {
      if (end >= text.length) throw decodeError(text, "Unterminated string starting at", from - 1);
      const c = text.charCodeAt(end);
      if (c === 0x22) {
        parts.push(text.slice(chunkStart, end));
        this.pos = end + 1;
        return parts.join("");
      }
      if (c !== 0x5c) throw decodeError(text, "Invalid control character at", end);
      parts.push(text.slice(chunkStart, end));
      const esc = text[end + 1];
      if (esc === undefined) throw decodeError(text, "Unterminated string starting at", from - 1);
      if (esc === "u") {
        const hex = text.slice(end + 2, end + 6);
        if (!HEX4.test(hex)) throw decodeError(text, "Invalid \\uXXXX escape", end + 1);
        // A surrogate pair written as two escapes becomes one code point in Python and a
        // well-formed pair here; a lone surrogate stays lone in both.
        parts.push(String.fromCharCode(Number.parseInt(hex, 16)));
        end += 6;
      } else {
        const decoded = SIMPLE_ESCAPES[esc];
        if (decoded === undefined) throw decodeError(text, "Invalid \\escape", end);
        parts.push(decoded);
        end += 2;
      }
      chunkStart = end;
      STRING_CHUNK.lastIndex = end;
      STRING_CHUNK.test(text);
      end = STRING_CHUNK.lastIndex;
    }
  }

  object(at: number, depth: number, hint: Hint): PyDict {
    if (depth > MAX_DEPTH) throw recursionError();
    const text = this.text;
    const result: PyDict = new Map();
    let i = this.skipWhitespace(at + 1);
    if (text.charCodeAt(i) === 0x7d) {
      this.pos = i + 1;
      return result;
    }
    for (;;) {
      if (text.charCodeAt(i) !== 0x22) {
        throw decodeError(text, "Expecting property name enclosed in double quotes", i);
      }
      const key = this.key(i + 1);
      i = this.skipWhitespace(this.pos);
      if (text.charCodeAt(i) !== 0x3a) throw decodeError(text, "Expecting ':' delimiter", i);
      i = this.skipWhitespace(i + 1);
      const c0 = text.charCodeAt(i);
      if (hint === OUTPUT && (c0 === 0x7b || c0 === 0x5b)) {
        const end = this.skip(i, depth);
        result.set(key, new RawJson(text, i, c0, this.allStrings));
        this.pos = end;
      } else {
        result.set(key, this.value(i, depth, memberHint(hint, key)));
      }
      i = this.skipWhitespace(this.pos);
      const c = text.charCodeAt(i);
      if (c === 0x7d) {
        this.pos = i + 1;
        return result;
      }
      if (c !== 0x2c) throw decodeError(text, "Expecting ',' delimiter", i);
      i = this.skipWhitespace(i + 1);
    }
  }

  array(at: number, depth: number, hint: Hint): PyList {
    if (depth > MAX_DEPTH) throw recursionError();
    const text = this.text;
    const result: PyList = [];
    let i = this.skipWhitespace(at + 1);
    if (text.charCodeAt(i) === 0x5d) {
      this.pos = i + 1;
      return result;
    }
    const inner = elementHint(hint);
    for (;;) {
      result.push(this.value(i, depth, inner));
      i = this.skipWhitespace(this.pos);
      const c = text.charCodeAt(i);
      if (c === 0x5d) {
        this.pos = i + 1;
        return result;
      }
      if (c !== 0x2c) throw decodeError(text, "Expecting ',' delimiter", i);
      i = this.skipWhitespace(i + 1);
    }
  }

  /** Set by `skip` for a list: whether all its elements are strings. */
  allStrings = false;

  /**
   * Validate the value at `at` without building it; returns where it ends. Anything wrong
   * throws SKIP_FAILED (the caller parses again, eagerly, for Python's message).
   */
  skip(at: number, depth: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 0x22) return this.skipString(at + 1);
    if (c === 0x7b || c === 0x5b) {
      if (depth + 1 > MAX_DEPTH) throw SKIP_FAILED;
      const close = c === 0x7b ? 0x7d : 0x5d;
      let i = this.skipWhitespace(at + 1);
      let allStrings = true;
      if (text.charCodeAt(i) === close) {
        this.allStrings = true;
        return i + 1;
      }
      // A repeated key makes the text unfit to stay lazy: measuring it (`get_size`) would count
      // both values where Python keeps the last one. The eager parse keeps the last, as Python.
      let keys: Set<string> | null = null;
      for (;;) {
        if (c === 0x7b) {
          if (text.charCodeAt(i) !== 0x22) throw SKIP_FAILED;
          const keyEnd = this.skipString(i + 1);
          const key = text.slice(i + 1, keyEnd - 1);
          if (key.includes("\\")) throw SKIP_FAILED; // escaped keys: compare them decoded
          keys ??= new Set();
          if (keys.has(key)) throw SKIP_FAILED;
          keys.add(key);
          i = this.skipWhitespace(keyEnd);
          if (text.charCodeAt(i) !== 0x3a) throw SKIP_FAILED;
          i = this.skipWhitespace(i + 1);
        } else if (text.charCodeAt(i) !== 0x22) {
          allStrings = false;
        }
        i = this.skipWhitespace(this.skip(i, depth + 1));
        const d = text.charCodeAt(i);
        if (d === close) {
          this.allStrings = allStrings;
          return i + 1;
        }
        if (d !== 0x2c) throw SKIP_FAILED;
        i = this.skipWhitespace(i + 1);
      }
    }
    try {
      this.value(at, depth, NONE);
    } catch {
      throw SKIP_FAILED;
    }
    return this.pos;
  }

  /** `from` is just after the opening quote; returns the index after the closing one. */
  skipString(from: number): number {
    const text = this.text;
    let i = from;
    for (;;) {
      STRING_CHUNK.lastIndex = i;
      STRING_CHUNK.test(text);
      const end = STRING_CHUNK.lastIndex;
      const c = text.charCodeAt(end);
      if (c === 0x22) return end + 1;
      if (c !== 0x5c) throw SKIP_FAILED;
      const esc = text.charCodeAt(end + 1);
      if (esc === 0x75) {
        for (let k = end + 2; k < end + 6; k++) if (!isHex(text.charCodeAt(k))) throw SKIP_FAILED;
        i = end + 6;
      } else if (SIMPLE_ESCAPE_CODES.has(esc)) {
        i = end + 2;
      } else {
        throw SKIP_FAILED;
      }
    }
  }

  /** `get_size` of the (valid) value at `at`, stopping once past `limit`. */
  measure(at: number, limit: number, sofar: number): number {
    const c = this.text.charCodeAt(at);
    if (c === 0x22) {
      // A non-empty string counts at least 1: enough to pass a small limit without reading it.
      if (sofar + 1 > limit && this.text.charCodeAt(at + 1) !== 0x22) return sofar + 1;
      return addStringSize(this.string(at + 1), limit, sofar);
    }
    if (c === 0x7b || c === 0x5b) {
      const text = this.text;
      const close = c === 0x7b ? 0x7d : 0x5d;
      let total = sofar;
      let i = this.skipWhitespace(at + 1);
      if (text.charCodeAt(i) === close) {
        this.pos = i + 1;
        return total;
      }
      for (;;) {
        if (c === 0x7b) {
          i = this.skipWhitespace(this.skipString(i + 1));
          i = this.skipWhitespace(i + 1); // past ':'
        }
        total = this.measure(i, limit, total);
        if (total > limit) return total;
        i = this.skipWhitespace(this.pos);
        if (text.charCodeAt(i) === close) {
          this.pos = i + 1;
          return total;
        }
        i = this.skipWhitespace(i + 1); // past ','
      }
    }
    return sofar + scalarSize(this.value(at, 0, NONE));
  }
}

const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

const SIMPLE_ESCAPE_CODES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function recursionError(): NotebookError {
  return new NotebookError(
    "RecursionError",
    "maximum recursion depth exceeded while decoding a JSON document",
  );
}

/** Python reports positions in code points, lines from 1, columns from 1. */
function decodeError(text: string, msg: string, index: number): JsonDecodeError {
  let pairs = 0;
  for (let i = 0; i < index - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  const pos = index - pairs;
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  const lastNewline = before.lastIndexOf("\n");
  const lineText = before.slice(lastNewline + 1);
  const column = Array.from(lineText).length + 1;
  return new JsonDecodeError(msg, pos, line, column);
}
