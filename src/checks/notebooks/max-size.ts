/** Python's `int()` on a string: surrounding whitespace, a sign, digits with single underscores. */
const PY_INT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python's whitespace includes control characters
  /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*([+-]?[0-9]+(?:_[0-9]+)*)[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

const FACTORS: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9 };

/**
 * `--max-size SIZE` as nbstripout reads it: a whole number with an optional decimal suffix
 * `k`/`K` (10³), `m`/`M` (10⁶) or `g`/`G` (10⁹). Throws with a message naming the problem.
 */
export function parseMaxSize(text: string): number {
  const upper = text.toUpperCase();
  const last = upper[upper.length - 1];
  if (last === undefined) throw new Error("--max-size needs a size, e.g. 500, 10k or 2M");
  let digits = upper;
  let factor = 1;
  if (last < "0" || last > "9") {
    const suffixFactor = FACTORS[last];
    if (suffixFactor === undefined) {
      throw new Error(
        `--max-size ${JSON.stringify(text)}: unknown size identifier ${last} — use a number with an optional k, m or g suffix (e.g. 10k)`,
      );
    }
    factor = suffixFactor;
    digits = upper.slice(0, -1);
  }
  const match = PY_INT.exec(digits);
  if (!match) {
    throw new Error(
      `--max-size ${JSON.stringify(text)} is not a size — use a whole number with an optional k, m or g suffix (e.g. 10k)`,
    );
  }
  return Number((match[1] as string).replace(/_/g, "")) * factor;
}
