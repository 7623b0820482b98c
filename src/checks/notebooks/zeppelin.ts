import { has, iterate } from "./access.js";
import { NotebookError } from "./errors.js";
import { pyEqual, pyTypeName, truthy } from "./python.js";
import { dumps } from "./serialize.js";
import { copyDict, isDict, isList, type PyValue } from "./value.js";

export interface ZeppelinResult {
  readonly root: PyValue;
  readonly changed: boolean;
  /** Paragraphs whose non-empty `results` were emptied. */
  readonly resultsCleared: number;
}

/**
 * nbstripout's Zeppelin mode: every paragraph that has `results` gets `{}`; nothing else (all
 * strip flags are ignored). Pure: `root` is not mutated.
 */
export function stripZeppelin(root: PyValue): ZeppelinResult {
  if (!isDict(root)) {
    const type = pyTypeName(root);
    throw new NotebookError(
      "TypeError",
      type === "str"
        ? "string indices must be integers"
        : `${type} indices must be integers or slices, not str`,
    );
  }
  const paragraphs = root.get("paragraphs");
  if (paragraphs === undefined) throw new NotebookError("KeyError", "'paragraphs'");
  let resultsCleared = 0;
  const stripped = iterate(paragraphs).map((paragraph) => {
    if (!has(paragraph, "results")) return paragraph;
    if (!isDict(paragraph)) {
      throw new NotebookError(
        "TypeError",
        `'${pyTypeName(paragraph)}' object does not support item assignment`,
      );
    }
    const copy = copyDict(paragraph);
    if (truthy(paragraph.get("results") as PyValue)) resultsCleared++;
    copy.set("results", new Map());
    return copy;
  });
  const result = copyDict(root);
  if (isList(paragraphs)) result.set("paragraphs", stripped);
  return { root: result, changed: !pyEqual(root, result), resultsCleared };
}

/** `json.dump(nb, f, indent=2)` plus the newline nbstripout adds: insertion order, ASCII. */
export function writeZeppelin(root: PyValue, newline: string): string {
  return dumps(root, { indent: 2, sortKeys: false, ensureAscii: true, newline }) + newline;
}
