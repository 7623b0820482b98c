import { attr, dict, get, hashable, iterate, join, PROCESSING, READING } from "./access.js";
import { NotebookError } from "./errors.js";
import { parseJson } from "./parse.js";
import { floatRepr, isOwnSplit, pyTypeName, splitLines, truthy } from "./python.js";
import { dumps } from "./serialize.js";
import {
  copyDict,
  isDict,
  isDictLike,
  isList,
  isListLike,
  Lazy,
  type PyDict,
  PyFloat,
  type PyList,
  type PyValue,
  resolve,
  resolveAll,
} from "./value.js";

export type Major = 1 | 2 | 3 | 4;

/** A notebook as `nbformat.read(fp, as_version=NO_CONVERT)` returns it. */
export interface Notebook {
  readonly root: PyDict;
  /** From `nbformat` (missing means 1); picks the reader and the writer. */
  readonly major: Major;
  readonly minor: number;
  /** Whether the file has an `nbformat` key at all (nbstripout looks for worksheets only then). */
  readonly hasNbformat: boolean;
  /** Cell ids nbformat's validation had to add or replace (nbformat >= 4.5). */
  readonly repairedIds: number;
}

/**
 * Parse and normalise like nbformat 5: version detection, the version's rejoin rules, v4's
 * `strip_transient`, then validation's id repair for nbformat >= 4.5 — with sequential ids
 * (the cell's index, made unique) instead of nbformat's random ones.
 */
export function readNotebook(text: string): Notebook {
  const root = parseJson(text, { lazyOutputs: true });
  if (!isDict(root)) {
    const type = pyTypeName(root);
    throw new NotebookError(
      "AttributeError",
      `'${type}' object has no attribute 'get' (a notebook is a JSON object, this is a ${type})`,
    );
  }
  const rawMajor = root.get("nbformat");
  const major = rawMajor === undefined ? 1 : versionOf(rawMajor);
  // Only v4 handles outputs lazily; older formats are small and rare.
  if (major !== 4) resolveAll(root);
  const rawMinor = root.get("nbformat_minor");
  const minor = numberOf(rawMinor) ?? 0;
  if (major === 4) {
    rejoinV4(root);
    stripTransientV4(root);
  } else if (major === 3 || major === 2) {
    rejoinV2V3(root, major);
  }
  const repairedIds = major === 4 && minor >= 5 ? repairIds(root) : 0;
  return { root, major, minor, hasNbformat: rawMajor !== undefined, repairedIds };
}

/** `major in nbformat.versions`: Python's dict lookup, so `4.0` and `true` (== 1) match too. */
function versionOf(value: PyValue): Major {
  hashable(value);
  const n = numberOf(value);
  if (n === 1 || n === 2 || n === 3 || n === 4) return n;
  throw new NotebookError("NBFormatError", `Unsupported nbformat version ${pyStr(value)}`);
}

function numberOf(value: PyValue | undefined): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof PyFloat) return value.value;
  return null;
}

function pyStr(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return pyTypeName(value);
}

// ---------------------------------------------------------------------------------------------
// v4 (nbformat/v4/rwbase.py)

const isJsonMime = (mime: string): boolean =>
  mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));

/** An empty dict for `get(…, {})` fallbacks that are only read. */
const EMPTY: PyDict = new Map();

function rejoinMimeBundle(data: PyDict): void {
  for (const [key, value] of data) {
    if (!isJsonMime(key) && isList(value) && value.every((line) => typeof line === "string")) {
      data.set(key, (value as string[]).join(""));
    }
  }
}

/**
 * v4 `rejoin_lines`. Outputs are only checked here (a list that `"".join` would refuse fails
 * now, as in nbformat) and joined when written (`outputForWrite`): most outputs are stripped, so
 * joining them would only cost time and memory. Equality and `get_size` are the same either way
 * (the size of a list of strings is the size of their concatenation).
 */
function rejoinV4(root: PyDict): void {
  const cells = iterate(attr(READING, root, "cells"));
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c] as PyValue;
    const source = isDict(cell) ? cell.get("source") : undefined;
    if (isList(source)) (cell as PyDict).set("source", join(source, ""));
    const attachments = dict(READING, get(READING, cell, "attachments", EMPTY), "values");
    if (attachments.size > 0) {
      for (const attachment of attachments.values()) {
        rejoinMimeBundle(dict(READING, attachment, "items"));
      }
    }
    if (get(READING, cell, "cell_type", null) !== "code") continue;
    const outputs = iterate(get(READING, cell, "outputs", []));
    for (let o = 0; o < outputs.length; o++) {
      const output = outputs[o] as PyValue;
      const outputType = hashable(get(READING, output, "output_type", ""));
      if (outputType === "execute_result" || outputType === "display_data") {
        const data = get(READING, output, "data", null);
        if (data !== null && !isDictLike(data)) dict(READING, data, "items");
      } else if (truthy(outputType)) {
        const text = get(READING, output, "text", "");
        if (isListLike(text) && !(text instanceof Lazy && text.allStrings)) {
          checkJoinable(resolve(text) as PyList);
        }
      }
    }
  }
}

/** Would `"".join(items)` succeed? (Throws its TypeError if not.) */
function checkJoinable(items: PyList): void {
  if (!items.every((item) => typeof item === "string")) join(items, "");
}

/** nbformat's v4 `strip_transient`, in place (read side; `splitLinesV4` does the write side). */
function stripTransientV4(root: PyDict): void {
  const metadata = dict(READING, attr(READING, root, "metadata"), "pop");
  metadata.delete("orig_nbformat");
  metadata.delete("orig_nbformat_minor");
  metadata.delete("signature");
  const cells = iterate(attr(READING, root, "cells"));
  for (let c = 0; c < cells.length; c++) {
    dict(READING, attr(READING, cells[c], "metadata"), "pop").delete("trusted");
  }
}

// ---------------------------------------------------------------------------------------------
// v2 and v3 (nbformat/v2/rwbase.py, nbformat/v3/rwbase.py)

const MULTILINE_OUTPUTS = ["text", "html", "svg", "latex", "javascript", "json"];

/** v3's `_join_lines`: lines written by `splitlines(True)` join with "", older ones with "\n". */
function joinLines(lines: PyList, major: 2 | 3): string {
  if (major === 2) return join(lines, "\n");
  const first = lines[0];
  if (lines.length > 0) {
    if (typeof first !== "string") {
      throw new NotebookError(
        "ValidationError",
        `The notebook is invalid and is missing an expected key: '${pyTypeName(first ?? null)}' object has no attribute 'endswith'`,
      );
    }
    if (first.endsWith("\n") || first.endsWith("\r")) return join(lines, "");
  }
  return join(lines, "\n");
}

function rejoinV2V3(root: PyDict, major: 2 | 3): void {
  for (const ws of iterate(attr(READING, root, "worksheets"))) {
    for (const cell of iterate(attr(READING, ws, "cells"))) {
      const c = cell as PyDict;
      if (attr(READING, cell, "cell_type") === "code") {
        const input = c.get("input");
        if (isList(input)) c.set("input", joinLines(input, major));
        for (const output of iterate(attr(READING, cell, "outputs"))) {
          for (const key of MULTILINE_OUTPUTS) {
            const item = get(READING, output, key, null);
            if (isList(item)) (output as PyDict).set(key, joinLines(item, major));
          }
        }
      } else {
        for (const key of ["source", "rendered"]) {
          const item = get(READING, cell, key, null);
          if (isList(item)) c.set(key, joinLines(item, major));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cell ids (nbformat/validator.py `_normalize`, nbformat >= 4.5)

function idKey(id: PyValue): string {
  hashable(id);
  if (typeof id === "string") return `s${id}`;
  if (id === null) return "none";
  if (id instanceof PyFloat) return Number.isInteger(id.value) ? `n${id.value}` : `f${id.value}`;
  if (typeof id === "boolean") return `n${id ? 1 : 0}`;
  return `n${String(id)}`;
}

/**
 * Give every cell an id, and every duplicate a new one, as nbformat's validation does on read
 * and before writing — but deterministic: the cell's index, suffixed if taken ("3", "3-1").
 * Mutates `root` (call on a notebook you own); returns how many ids were set.
 */
function repairIds(root: PyDict): number {
  const cells = root.get("cells");
  if (!isList(cells)) return 0;
  const taken = new Set<string>();
  for (const cell of cells) {
    const id = isDict(cell) ? cell.get("id") : undefined;
    if (id !== undefined) taken.add(idKey(id));
  }
  const fresh = (index: number): string => {
    let candidate = String(index);
    for (let k = 1; taken.has(`s${candidate}`); k++) candidate = `${index}-${k}`;
    taken.add(`s${candidate}`);
    return candidate;
  };
  let count = 0;
  cells.forEach((cell, index) => {
    if (isDict(cell) && !cell.has("id")) {
      cell.set("id", fresh(index));
      count++;
    }
  });
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    if (!isDict(cell)) return;
    const key = idKey(cell.get("id") as PyValue);
    if (seen.has(key)) {
      const id = fresh(index);
      cell.set("id", id);
      seen.add(`s${id}`);
      count++;
    } else {
      seen.add(key);
    }
  });
  return count;
}

// ---------------------------------------------------------------------------------------------
// Writing (`nbformat.write`): the version's own writer, one trailing newline.

/**
 * Serialise a notebook of the given version exactly as nbformat writes it. Never mutates
 * `root` (which may share structure with the notebook as read).
 */
export function writeNotebook(
  notebook: { readonly root: PyDict; readonly major: Major; readonly minor: number },
  newline: string,
): string {
  const { major } = notebook;
  let root = notebook.root;
  let text: string;
  if (major === 4) {
    if (notebook.minor >= 5) root = withRepairedIds(root);
    root = splitLinesV4(root);
    text = dumps(root, { indent: 1, sortKeys: true, ensureAscii: false, newline });
  } else if (major === 3 || major === 2) {
    if (major === 3) root = withoutTransientV3(root);
    root = splitLinesV2V3(root, major);
    text = dumps(root, { indent: 1, sortKeys: true, ensureAscii: true, newline });
  } else {
    text = dumps(root, { indent: 4, sortKeys: false, ensureAscii: true, newline });
  }
  return text + newline;
}

function withRepairedIds(root: PyDict): PyDict {
  const cells = root.get("cells");
  if (!isList(cells)) return root;
  const needsRepair = (() => {
    const seen = new Set<string>();
    for (const cell of cells) {
      if (!isDict(cell)) continue;
      const id = cell.get("id");
      if (id === undefined) return true;
      const key = idKey(id);
      if (seen.has(key)) return true;
      seen.add(key);
    }
    return false;
  })();
  if (!needsRepair) return root;
  const copy = copyDict(root);
  copy.set(
    "cells",
    cells.map((cell) => (isDict(cell) ? copyDict(cell) : cell)),
  );
  repairIds(copy);
  return copy;
}

const NON_TEXT_SPLIT_MIMES = new Set(["application/javascript", "image/svg+xml"]);

function splitMimeBundle(data: PyDict): PyDict {
  let copy: PyDict | null = null;
  for (const [key, value] of data) {
    if (typeof value === "string" && (key.startsWith("text/") || NON_TEXT_SPLIT_MIMES.has(key))) {
      copy ??= copyDict(data);
      copy.set(key, splitLines(value, true));
    }
  }
  return copy ?? data;
}

const splitsForWrite = (key: string): boolean =>
  key.startsWith("text/") || NON_TEXT_SPLIT_MIMES.has(key);

/** `"".join(lines)` as read, then `splitlines(True)` as written — unless that changes nothing. */
const joinedThenSplit = (lines: string[]): string[] =>
  isOwnSplit(lines) ? lines : splitLines(lines.join(""), true);

/** An output's bundle as read (joined, see `rejoinV4`) and then split for writing. */
function writtenMimeBundle(data: PyDict): PyDict {
  const written: PyDict = new Map();
  for (const [key, raw] of data) {
    let value = resolve(raw);
    const split = splitsForWrite(key);
    if (!isJsonMime(key) && isList(value) && value.every((line) => typeof line === "string")) {
      value = split ? joinedThenSplit(value as string[]) : (value as string[]).join("");
    } else if (typeof value === "string" && split) {
      value = splitLines(value, true);
    }
    written.set(key, value);
  }
  return written;
}

/** One v4 output as nbformat writes it: joined as on read, then `split_lines`. */
function outputForWrite(output: PyValue): PyValue {
  const outputType = hashable(attr(PROCESSING, output, "output_type"));
  const copy = copyDict(output as PyDict);
  if (outputType === "execute_result" || outputType === "display_data") {
    const data = dict(PROCESSING, get(PROCESSING, output, "data", new Map()), "items");
    if (copy.has("data")) copy.set("data", writtenMimeBundle(data));
    return copy;
  }
  if (outputType === "stream") attr(PROCESSING, output, "text");
  if (!copy.has("text")) return copy;
  let text = resolve(copy.get("text") as PyValue);
  if (truthy(outputType) && isList(text)) {
    checkJoinable(text);
    text =
      outputType === "stream" ? joinedThenSplit(text as string[]) : (text as string[]).join("");
  } else if (outputType === "stream" && typeof text === "string") {
    text = splitLines(text, true);
  }
  copy.set("text", text);
  return copy;
}

/** v4 `split_lines` then `strip_transient`, on copies. */
function splitLinesV4(root: PyDict): PyDict {
  const metadata = copyDict(dict(PROCESSING, attr(PROCESSING, root, "metadata"), "pop"));
  metadata.delete("orig_nbformat");
  metadata.delete("orig_nbformat_minor");
  metadata.delete("signature");
  const cells = attr(PROCESSING, root, "cells");
  const newCells = iterate(cells).map(splitCellLines);
  // strip_transient after split_lines: every cell needs a metadata dict.
  for (const cell of newCells) withoutTrusted(cell);
  const copy = copyDict(root);
  copy.set("metadata", metadata);
  if (isList(cells)) copy.set("cells", newCells);
  return copy;
}

/** v4 `split_lines` of one cell, on a copy. */
function splitCellLines(cell: PyValue): PyDict {
  const source = get(PROCESSING, cell, "source", null);
  const c = copyDict(cell as PyDict);
  if (typeof source === "string") c.set("source", splitLines(source, true));
  const attachments = dict(PROCESSING, get(PROCESSING, cell, "attachments", EMPTY), "values");
  if (attachments.size > 0) {
    const copy = new Map<string, PyValue>();
    for (const [name, attachment] of attachments) {
      copy.set(name, splitMimeBundle(dict(PROCESSING, attachment, "items")));
    }
    c.set("attachments", copy);
  }
  if (attr(PROCESSING, cell, "cell_type") === "code") {
    const outputs = attr(PROCESSING, cell, "outputs");
    const written = iterate(outputs).map(outputForWrite);
    if (isList(outputs)) c.set("outputs", written);
  }
  return c;
}

/** v4 `strip_transient` of one written cell, in place. */
function withoutTrusted(c: PyDict): PyDict {
  const cellMetadata = dict(PROCESSING, attr(PROCESSING, c, "metadata"), "pop");
  if (cellMetadata.has("trusted")) {
    const copy = copyDict(cellMetadata);
    copy.delete("trusted");
    c.set("metadata", copy);
  }
  return c;
}

/** v3 `strip_transient` on a copy. */
function withoutTransientV3(root: PyDict): PyDict {
  const copy = copyDict(root);
  copy.delete("orig_nbformat");
  copy.delete("orig_nbformat_minor");
  const worksheets = root.get("worksheets");
  if (worksheets === undefined) throw new NotebookError("KeyError", "'worksheets'");
  const newWorksheets: PyValue[] = [];
  for (const ws of iterate(worksheets)) {
    const cells = isDict(ws) ? ws.get("cells") : undefined;
    if (cells === undefined) {
      throw isDict(ws)
        ? new NotebookError("KeyError", "'cells'")
        : new NotebookError("TypeError", `${pyTypeName(ws)} indices must be integers`);
    }
    const newCells: PyValue[] = [];
    for (const cell of iterate(cells)) {
      const c = copyDict(dict(PROCESSING, cell, "get"));
      const metadata = dict(PROCESSING, get(PROCESSING, cell, "metadata", new Map()), "pop");
      if (metadata.has("trusted")) {
        const m = copyDict(metadata);
        m.delete("trusted");
        c.set("metadata", m);
      }
      c.delete("trusted");
      newCells.push(c);
    }
    const w = copyDict(ws as PyDict);
    if (isList(cells)) w.set("cells", newCells);
    newWorksheets.push(w);
  }
  if (isList(worksheets)) copy.set("worksheets", newWorksheets);
  return copy;
}

/** v2/v3 `split_lines` on copies (v2 drops the line ends: `splitlines()`). */
function splitLinesV2V3(root: PyDict, major: 2 | 3): PyDict {
  const keepEnds = major === 3;
  const worksheets = attr(PROCESSING, root, "worksheets");
  const newWorksheets: PyValue[] = [];
  for (const ws of iterate(worksheets)) {
    const cells = attr(PROCESSING, ws, "cells");
    const newCells: PyValue[] = [];
    for (const cell of iterate(cells)) {
      const cellType = attr(PROCESSING, cell, "cell_type");
      const c = copyDict(cell as PyDict);
      if (cellType === "code") {
        const input = c.get("input");
        if (typeof input === "string") c.set("input", splitLines(input, keepEnds));
        const outputs = attr(PROCESSING, cell, "outputs");
        const newOutputs: PyValue[] = [];
        for (const output of iterate(outputs)) {
          let o: PyDict | null = null;
          for (const key of MULTILINE_OUTPUTS) {
            const item = get(PROCESSING, output, key, null);
            if (typeof item === "string") {
              o ??= copyDict(output as PyDict);
              o.set(key, splitLines(item, keepEnds));
            }
          }
          newOutputs.push(o ?? output);
        }
        if (isList(outputs)) c.set("outputs", newOutputs);
      } else {
        for (const key of ["source", "rendered"]) {
          const item = get(PROCESSING, cell, key, null);
          if (typeof item === "string") c.set(key, splitLines(item, keepEnds));
        }
      }
      newCells.push(c);
    }
    const w = copyDict(ws as PyDict);
    if (isList(cells)) w.set("cells", newCells);
    newWorksheets.push(w);
  }
  const copy = copyDict(root);
  if (isList(worksheets)) copy.set("worksheets", newWorksheets);
  return copy;
}
