// What both JSON parsers (parse.ts, parse-native.ts) share about a notebook's shape.

/**
 * Nesting deeper than this makes CPython's `json.loads` raise RecursionError, and so do we.
 * nbstripout itself already fails from ~495 levels (nbformat's `from_dict` and `deepcopy`
 * recurse too); between the two we strip the notebook (README: where nbstripout is wrong).
 */
export const MAX_DEPTH = 990;

/** Where in a notebook the parser is, so it knows when it reaches an output's members. */
export type Hint = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const NONE = 0;
export const ROOT = 1;
export const CELLS = 2;
export const CELL = 3;
export const OUTPUTS = 4;
export const OUTPUT = 5;
export const WORKSHEETS = 6;
export const WORKSHEET = 7;

export function memberHint(hint: Hint, key: string): Hint {
  switch (hint) {
    case ROOT:
      return key === "cells" ? CELLS : key === "worksheets" ? WORKSHEETS : NONE;
    case WORKSHEET:
      return key === "cells" ? CELLS : NONE;
    case CELL:
      return key === "outputs" ? OUTPUTS : NONE;
    default:
      return NONE;
  }
}

export function elementHint(hint: Hint): Hint {
  return hint === CELLS ? CELL : hint === WORKSHEETS ? WORKSHEET : hint === OUTPUTS ? OUTPUT : NONE;
}
