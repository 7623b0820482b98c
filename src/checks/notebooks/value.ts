/**
 * The value model of a parsed notebook: JSON as Python's `json.loads` sees it.
 *
 * - objects are `Map`s (insertion order kept exactly, integer-like keys not hoisted, `__proto__`
 *   an ordinary key, a duplicate key keeps its first position and its last value);
 * - a JS `number` with an integral value is a Python int (a `bigint` beyond 2^53, never
 *   rounded); a JS `number` that is not integral (0.5, NaN, Infinity) is a Python float;
 * - a Python float with an integral value (`1.0`, `1e5`, `-0.0`) is wrapped in `PyFloat`, so it
 *   stays a float — and huge float arrays (plotly data) cost no allocation per number;
 * - strings are JS strings (a lone surrogate from a `\ud800` escape stays lone, as in Python);
 * - a `Lazy` is a validated but not yet built container (the members of cell outputs, which are
 *   mostly stripped unseen); `resolve()` builds it.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export abstract class Lazy {
  /** The first character of the JSON text: `{` (0x7b) or `[` (0x5b). */
  abstract readonly first: number;
  /** For a list: whether every element is a string (what `"".join` needs). */
  abstract readonly allStrings: boolean;
  /** Build the value (every call builds a new one). */
  abstract resolve(): PyValue;
  /** nbstripout's `get_size`, stopping once past `limit`; `sofar` is added first. */
  abstract measure(limit: number, sofar: number): number;
}

export type PyDict = Map<string, PyValue>;
export type PyList = PyValue[];
export type PyValue = null | boolean | number | bigint | string | PyFloat | PyList | PyDict | Lazy;

export const isDict = (value: PyValue | undefined): value is PyDict => value instanceof Map;
export const isList = (value: PyValue | undefined): value is PyList => Array.isArray(value);

/** A value that is or will be a dict / a list (without building a Lazy). */
export const isDictLike = (value: PyValue | undefined): boolean =>
  value instanceof Map || (value instanceof Lazy && value.first === 0x7b);
export const isListLike = (value: PyValue | undefined): boolean =>
  Array.isArray(value) || (value instanceof Lazy && value.first === 0x5b);

/** The value itself, a Lazy built. */
export const resolve = <T extends PyValue | undefined>(value: T): Exclude<T, Lazy> =>
  (value instanceof Lazy ? value.resolve() : value) as Exclude<T, Lazy>;

/** Replace every Lazy inside `value` (in place) by its built value. */
export function resolveAll(value: PyValue): PyValue {
  if (value instanceof Lazy) return value.resolve();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = resolveAll(value[i] as PyValue);
  } else if (value instanceof Map) {
    for (const [key, item] of value) {
      if (item instanceof Lazy || Array.isArray(item) || item instanceof Map) {
        value.set(key, resolveAll(item));
      }
    }
  }
  return value;
}

/**
 * A shallow copy of a dict. `new Map(dict)` walks an entries iterator (an array per entry until
 * the code is optimised); `forEach` allocates nothing per entry.
 */
export function copyDict(source: PyDict): PyDict {
  const copy: PyDict = new Map();
  source.forEach(setInto, copy);
  return copy;
}

function setInto(this: PyDict, value: PyValue, key: string): void {
  this.set(key, value);
}
