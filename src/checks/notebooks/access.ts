import { NotebookError } from "./errors.js";
import { pyContains, pyTypeName } from "./python.js";
import { isDict, Lazy, type PyDict, type PyValue, resolve } from "./value.js";

/**
 * Python-style access to loosely typed notebook JSON, failing where nbformat/nbstripout would
 * (AttributeError, TypeError), so a malformed notebook is refused instead of half-processed.
 * `wrap` marks errors raised while nbformat reads a notebook, which it reports as a
 * ValidationError ("… missing an expected key: …").
 */
export interface Access {
  readonly wrap: boolean;
}

export const READING: Access = { wrap: true };
export const PROCESSING: Access = { wrap: false };

function attributeError(access: Access, detail: string): NotebookError {
  return access.wrap
    ? new NotebookError(
        "ValidationError",
        `The notebook is invalid and is missing an expected key: ${detail}`,
      )
    : new NotebookError("AttributeError", detail);
}

/** `obj.key` on a NotebookNode. */
export function attr(access: Access, objOrLazy: PyValue | undefined, key: string): PyValue {
  const obj = resolve(objOrLazy);
  if (isDict(obj)) {
    const value = obj.get(key);
    if (value !== undefined) return value;
    throw access.wrap
      ? attributeError(access, key)
      : new NotebookError(
          "AttributeError",
          `${key} (the notebook lacks a "${key}" key nbformat needs)`,
        );
  }
  throw attributeError(access, `'${pyTypeName(obj ?? null)}' object has no attribute '${key}'`);
}

/** `obj.get(key, fallback)`. */
export function get(
  access: Access,
  objOrLazy: PyValue | undefined,
  key: string,
  fallback: PyValue,
): PyValue {
  const obj = resolve(objOrLazy);
  if (isDict(obj)) {
    const value = obj.get(key);
    return value === undefined ? fallback : value;
  }
  throw attributeError(access, `'${pyTypeName(obj ?? null)}' object has no attribute 'get'`);
}

/** A value that must be a dict because Python calls a dict method on it (`pop`, `items`). */
export function dict(access: Access, objOrLazy: PyValue | undefined, method: string): PyDict {
  const obj = resolve(objOrLazy);
  if (isDict(obj)) return obj;
  const type = pyTypeName(obj ?? null);
  if (type === "list" && method === "pop") {
    throw new NotebookError("TypeError", "pop expected at most 1 argument, got 2");
  }
  throw attributeError(access, `'${type}' object has no attribute '${method}'`);
}

/** `for x in value`: a list's items, a dict's keys, a string's characters. */
export function iterate(valueOrLazy: PyValue | undefined): readonly PyValue[] {
  const value = resolve(valueOrLazy);
  if (Array.isArray(value)) return value;
  if (isDict(value)) return [...value.keys()];
  if (typeof value === "string") return Array.from(value);
  throw new NotebookError("TypeError", `'${pyTypeName(value ?? null)}' object is not iterable`);
}

/** `key in obj`. */
export function has(obj: PyValue | undefined, key: string): boolean {
  return pyContains(obj, key);
}

/** Python's `x in {"a", "b"}` needs a hashable x. */
export function hashable(value: PyValue): PyValue {
  if (Array.isArray(value) || isDict(value) || value instanceof Lazy) {
    throw new NotebookError("TypeError", `unhashable type: '${pyTypeName(value)}'`);
  }
  return value;
}

/** `"".join(items)` / `sep.join(items)`: every item must be a str. */
export function join(items: readonly PyValue[], separator: string): string {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as PyValue;
    if (typeof item !== "string") {
      throw new NotebookError(
        "TypeError",
        `sequence item ${i}: expected str instance, ${pyTypeName(item)} found`,
      );
    }
  }
  return (items as string[]).join(separator);
}
