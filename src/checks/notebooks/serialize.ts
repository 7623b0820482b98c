import { NotebookError } from "./errors.js";
import { compareCodePoints, floatRepr } from "./python.js";
import { Lazy, PyFloat, type PyValue } from "./value.js";

export interface DumpOptions {
  /** Spaces per level (Python's `indent`); every dump here is indented. */
  readonly indent: number;
  /** `sort_keys=True`: keys in code-point order at every depth. */
  readonly sortKeys: boolean;
  /** `ensure_ascii=True`: everything outside printable ASCII as `\uXXXX` (lower-case hex). */
  readonly ensureAscii: boolean;
  /** The line break between members: `\n`, or `\r\n` where the text file would translate. */
  readonly newline: string;
}

/**
 * `json.dumps(value, indent=N, separators=(",", ": "), sort_keys=…, ensure_ascii=…)` byte for
 * byte: Python's indentation, key order, string escapes and number formatting. With
 * `ensure_ascii=False` Python emits a lone surrogate raw and then cannot encode it as UTF-8; we
 * report that as the same UnicodeEncodeError instead of writing anything.
 */
export function dumps(value: PyValue, options: DumpOptions): string {
  // Appending to a string (a V8 rope) is faster than collecting parts; handing off every
  // 64 KB keeps the ropes short-lived for big outputs.
  let out = "";
  const chunks: string[] = [];
  const indents: string[] = [];
  const indentAt = (level: number): string => {
    let text = indents[level];
    if (text === undefined) {
      text = options.newline + " ".repeat(options.indent * level);
      indents[level] = text;
    }
    return text;
  };
  const str = options.ensureAscii ? asciiString : JSON.stringify;
  // Keys repeat across cells and outputs: encode each once, and note whether JS's UTF-16 sort
  // order equals Python's code-point order for it (true unless it has a surrogate or U+E000+).
  const keyCache = new Map<string, { json: string; simple: boolean }>();
  const encodedKey = (key: string): { json: string; simple: boolean } => {
    let entry = keyCache.get(key);
    if (entry === undefined) {
      entry = { json: str(key), simple: !ABOVE_SURROGATES.test(key) };
      keyCache.set(key, entry);
    }
    return entry;
  };

  const encode = (v: PyValue, level: number): void => {
    switch (typeof v) {
      case "string":
        out += str(v);
        if (out.length > 65536) {
          chunks.push(out);
          out = "";
        }
        return;
      case "number":
        out += Number.isInteger(v) ? String(v) : floatRepr(v);
        if (out.length > 65536) {
          chunks.push(out);
          out = "";
        }
        return;
      case "boolean":
        out += v ? "true" : "false";
        return;
      case "bigint":
        out += String(v);
        return;
    }
    if (v === null) {
      out += "null";
      return;
    }
    if (v instanceof PyFloat) {
      out += floatRepr(v.value);
      return;
    }
    if (v instanceof Lazy) {
      encode(v.resolve(), level);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out += "[]";
        return;
      }
      const inner = indentAt(level + 1);
      const separator = `,${inner}`;
      out += "[";
      for (let i = 0; i < v.length; i++) {
        out += i === 0 ? inner : separator;
        encode(v[i] as PyValue, level + 1);
      }
      out += `${indentAt(level)}]`;
      return;
    }
    if (v.size === 0) {
      out += "{}";
      return;
    }
    const inner = indentAt(level + 1);
    const separator = `,${inner}`;
    const keys: string[] = [];
    let simple = true;
    for (const key of v.keys()) {
      keys.push(key);
      if (!encodedKey(key).simple) simple = false;
    }
    if (options.sortKeys) {
      if (simple) keys.sort();
      else keys.sort(compareCodePoints);
    }
    out += "{";
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      out += `${i === 0 ? inner : separator}${(encodedKey(key) as { json: string }).json}: `;
      encode(v.get(key) as PyValue, level + 1);
    }
    out += `${indentAt(level)}}`;
  };

  encode(value, 0);
  chunks.push(out);
  const text = chunks.join("");
  if (!options.ensureAscii) assertNoLoneSurrogate(text);
  return text;
}

const NON_ASCII = /[^\x20-\x7e]/g;
const ABOVE_SURROGATES = /[\ud800-\uffff]/;

/** Python's `ensure_ascii=True` string encoding. */
function asciiString(text: string): string {
  const json = JSON.stringify(text);
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(json)) return json;
  return json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * JSON.stringify escapes a lone surrogate as `\udXXX`; Python would write it raw and fail to
 * encode the result. Find such an escape (preceded by an even number of backslashes).
 */
export function assertNoLoneSurrogate(json: string): void {
  let at = json.indexOf("\\ud");
  while (at !== -1) {
    let backslashes = 0;
    for (let i = at - 1; i >= 0 && json.charCodeAt(i) === 0x5c; i--) backslashes++;
    const marker = json.charCodeAt(at + 3);
    const isSurrogateEscape =
      backslashes % 2 === 0 &&
      ((marker >= 0x38 && marker <= 0x39) || (marker >= 0x61 && marker <= 0x66));
    if (isSurrogateEscape) {
      const sequence = json.slice(at, at + 6);
      throw new NotebookError(
        "UnicodeEncodeError",
        `'utf-8' codec can't encode character '${sequence}': surrogates not allowed`,
      );
    }
    at = json.indexOf("\\ud", at + 3);
  }
}
