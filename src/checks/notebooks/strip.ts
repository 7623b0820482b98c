import { attr, dict, get, has, iterate, PROCESSING } from "./access.js";
import { metadataContradiction, NotebookError } from "./errors.js";
import type { Notebook } from "./nbformat.js";
import { hasNonSpace, pyEqual, pyTypeName, sizeAtMost, truthy } from "./python.js";
import { copyDict, isDict, isList, type PyDict, type PyValue } from "./value.js";

/** Keys nbstripout strips by default (`metadata.…` from the notebook, `cell.…` from each cell). */
export const DEFAULT_STRIP_KEYS: readonly string[] = [
  "metadata.signature",
  "metadata.widgets",
  "cell.metadata.collapsed",
  "cell.metadata.ExecuteTime",
  "cell.metadata.execution",
  "cell.metadata.heading_collapsed",
  "cell.metadata.hidden",
  "cell.metadata.scrolled",
];

const COUNT_KEYS = ["prompt_number", "execution_count"];

/** `output_type` or `output_type:name` (e.g. `stream:stderr`). */
export interface OutputType {
  readonly type: string;
  readonly name: string | null;
}

export interface StripOptions {
  /** `--keep-output`; null when not given (the notebook's `metadata.keep_output` decides). */
  readonly keepOutput: boolean | null;
  readonly keepCount: boolean;
  readonly keepId: boolean;
  /** The final strip list: defaults + extra keys, minus the keep list (see `stripKeyList`). */
  readonly stripKeys: readonly string[];
  readonly dropEmptyCells: boolean;
  /** Cells carrying any of these tags are dropped (nbstripout itself only honours the last). */
  readonly dropTaggedCells: readonly string[];
  readonly stripInitCells: boolean;
  /** Outputs of stripped cells no larger than this (nbstripout's `get_size`) are kept. */
  readonly maxSize: number;
  readonly keepOutputTypes: readonly OutputType[];
  readonly dropOutputTypes: readonly OutputType[];
}

export const DEFAULT_STRIP_OPTIONS: StripOptions = {
  keepOutput: null,
  keepCount: false,
  keepId: false,
  stripKeys: DEFAULT_STRIP_KEYS,
  dropEmptyCells: false,
  dropTaggedCells: [],
  stripInitCells: false,
  maxSize: 0,
  keepOutputTypes: [],
  dropOutputTypes: [],
};

export interface StripStats {
  cellsDropped: number;
  outputsRemoved: number;
  /** `execution_count`/`prompt_number` values set to null (cells and kept outputs). */
  countsCleared: number;
  idsRenumbered: number;
  /** Metadata (and other) keys removed by the strip list. */
  keysRemoved: number;
}

/** Stats of a strip that has removed nothing yet. */
export function noStats(): StripStats {
  return { cellsDropped: 0, outputsRemoved: 0, countsCleared: 0, idsRenumbered: 0, keysRemoved: 0 };
}

export interface StripResult {
  /** The stripped notebook; shares every untouched subtree with the input, which is not mutated. */
  readonly root: PyDict;
  readonly stats: StripStats;
  /** Lines for stderr (nbstripout's `Ignoring invalid extra key …`). */
  readonly warnings: readonly string[];
  /** Cells that keep outputs larger than `--max-size` (keep_output): worth a word, by name. */
  readonly largeKept: readonly LargeKept[];
}

export interface LargeKept {
  /** The cell's position in the stripped notebook, 0-based. */
  readonly cell: number;
  readonly outputs: number;
}

/** `warning: cell 2 keeps 1 output larger than --max-size 1000 (keep_output)`. */
export function describeLargeKept(kept: LargeKept, maxSize: number): string {
  return `warning: cell ${kept.cell} keeps ${kept.outputs} output${kept.outputs === 1 ? "" : "s"} larger than --max-size ${maxSize} (keep_output)`;
}

/** Defaults, then the extra keys in order, minus every exact match of a keep key. */
export function stripKeyList(extra: readonly string[], keep: readonly string[]): string[] {
  const keepSet = new Set(keep);
  return [...DEFAULT_STRIP_KEYS, ...extra].filter((key) => !keepSet.has(key));
}

/** Parse `output_type[:name]`; more than one `:` is an error (as in nbstripout). */
export function parseOutputType(text: string): OutputType {
  const parts = text.split(":");
  if (parts.length === 1) return { type: text, name: null };
  if (parts.length === 2) return { type: parts[0] as string, name: parts[1] as string };
  throw new Error(`"${text}" is not an output type — use TYPE or TYPE:NAME, e.g. stream:stderr`);
}

function matchesOutputType(output: PyValue, wanted: OutputType): boolean {
  const outputType = attr(PROCESSING, output, "output_type");
  if (wanted.name === null) return outputType === wanted.type;
  return outputType === wanted.type && get(PROCESSING, output, "name", null) === wanted.name;
}

/**
 * nbstripout's `determine_keep_output`: `init_cell` short-circuits everything, cell metadata and
 * the `keep_output` tag beat the default, and metadata `false` with the tag is an error.
 */
export function determineKeepOutput(
  cell: PyDict,
  fallback: boolean | null,
  stripInitCells: boolean,
): boolean {
  if (!cell.has("metadata")) return fallback === true;
  const metadata = cell.get("metadata") as PyValue;
  if (has(metadata, "init_cell")) {
    return truthy(attr(PROCESSING, metadata, "init_cell")) && !stripInitCells;
  }
  const hasMeta = has(metadata, "keep_output");
  const meta = truthy(get(PROCESSING, metadata, "keep_output", false));
  const hasTag = has(get(PROCESSING, metadata, "tags", []), "keep_output");
  if (hasMeta && hasTag && !meta) throw metadataContradiction();
  if (hasMeta || hasTag) return meta || hasTag;
  return fallback === true;
}

/** A path split at its first dot (`[head, rest]`), or null; cached, the paths repeat per cell. */
const SPLIT_PATHS = new Map<string, readonly [string, string] | null>();
function splitPath(path: string): readonly [string, string] | null {
  let split = SPLIT_PATHS.get(path);
  if (split === undefined) {
    const dot = path.indexOf(".");
    split = dot === -1 ? null : [path.slice(0, dot), path.slice(dot + 1)];
    SPLIT_PATHS.set(path, split);
  }
  return split;
}

/** `pop_recursive` on a copy: the whole remaining path first, then descend at the first dot. */
function poppedCopy(d: PyDict, path: string): PyDict | null {
  if (d.has(path)) {
    const copy = copyDict(d);
    copy.delete(path);
    return copy;
  }
  const split = splitPath(path);
  if (split === null) return null;
  const child = d.get(split[0]);
  if (!isDict(child)) return null;
  const popped = poppedCopy(child, split[1]);
  if (popped === null) return null;
  const copy = copyDict(d);
  copy.set(split[0], popped);
  return copy;
}

/** The strip list by namespace: paths in the notebook's metadata, paths in each cell, neither. */
export function splitKeys(keys: readonly string[]): {
  metadata: string[];
  cell: string[];
  invalid: string[];
} {
  const result = { metadata: [] as string[], cell: [] as string[], invalid: [] as string[] };
  for (const key of keys) {
    const dot = key.indexOf(".");
    const namespace = dot === -1 ? null : key.slice(0, dot);
    if (namespace === "metadata") result.metadata.push(key.slice(dot + 1));
    else if (namespace === "cell") result.cell.push(key.slice(dot + 1));
    else result.invalid.push(key);
  }
  return result;
}

/** `any(line.strip() for line in source)` — with the source field the cell really has. */
function hasContent(cell: PyValue, worksheets: boolean): boolean {
  // nbformat < 4 code cells keep their code in `input`; nbstripout looks at `source` and so
  // drops every one of them. We look at the code (specs/nbstripout.md, decision #6).
  const field =
    worksheets && get(PROCESSING, cell, "cell_type", null) === "code" ? "input" : "source";
  const source = get(PROCESSING, cell, field, []);
  if (typeof source === "string") return hasNonSpace(source);
  for (const line of iterate(source)) {
    if (typeof line !== "string") {
      throw new NotebookError(
        "AttributeError",
        `'${pyTypeName(line)}' object has no attribute 'strip'`,
      );
    }
    if (hasNonSpace(line)) return true;
  }
  return false;
}

/**
 * nbstripout's `strip_output`, in its order: notebook-level `keep_output`, notebook metadata
 * keys, cell filtering (empty, tagged), then per cell: outputs (size/type filters, counts in kept
 * outputs, dropped types), the cell's counts, its id, its keys. Pure: the input is not mutated.
 */
export function stripOutput(notebook: Notebook, options: StripOptions): StripResult {
  const source = notebook.root;
  const stats = noStats();

  let keepOutput = options.keepOutput;
  if (keepOutput === null) {
    const metadata = attr(PROCESSING, source, "metadata");
    if (has(metadata, "keep_output")) {
      keepOutput = truthy(attr(PROCESSING, metadata, "keep_output"));
    }
  }

  const keys = splitKeys(options.stripKeys);
  const warnings = keys.invalid.map((key) => `Ignoring invalid extra key \`${key}\``);
  const largeKept: LargeKept[] = [];
  let strippedMetadata: PyDict | null = null;
  if (keys.metadata.length > 0) {
    let metadata = attr(PROCESSING, source, "metadata");
    if (isDict(metadata)) {
      let popped = 0;
      for (const path of keys.metadata) {
        const copy = poppedCopy(metadata, path);
        if (copy !== null) {
          metadata = copy;
          popped++;
        }
      }
      if (popped > 0) {
        strippedMetadata = metadata;
        stats.keysRemoved += popped;
      }
    }
  }

  const worksheets = notebook.hasNbformat && notebook.major < 4;
  const dropTags = options.dropTaggedCells;
  const wanted = (cell: PyValue): boolean => {
    if (options.dropEmptyCells && !hasContent(cell, worksheets)) return false;
    if (dropTags.length > 0) {
      const tags = get(PROCESSING, get(PROCESSING, cell, "metadata", new Map()), "tags", []);
      for (const tag of dropTags) if (has(tags, tag)) return false;
    }
    return true;
  };

  // Copy on write: a cell (and the notebook) is copied only when something in it changes, so a
  // clean notebook comes back as the very same tree and the change test ends at once.
  let index = 0;
  const stripCell = (cell: PyValue): PyDict => {
    const i = index++;
    const original = dict(PROCESSING, cell, "get");
    let c = original;
    const own = (): PyDict => {
      if (c === original) c = copyDict(original);
      return c;
    };
    const keep = determineKeepOutput(c, keepOutput, options.stripInitCells);
    if (c.has("outputs")) {
      const outputs = strippedOutputs(c, keep, options, stats);
      if (outputs !== null) own().set("outputs", outputs);
    }
    if (keep && options.maxSize > 0 && c.has("outputs")) {
      // Beyond nbstripout: a kept output over --max-size is allowed, but worth a word.
      const large = iterate(c.get("outputs")).filter(
        (output) => !sizeAtMost(output, options.maxSize),
      );
      if (large.length > 0) largeKept.push({ cell: i, outputs: large.length });
    }
    if (!options.keepCount) {
      for (let k = 0; k < COUNT_KEYS.length; k++) {
        const key = COUNT_KEYS[k] as string;
        const count = c.get(key);
        if (count !== undefined && count !== null) {
          own().set(key, null);
          stats.countsCleared++;
        }
      }
    }
    if (!options.keepId && c.has("id")) {
      const id = String(i);
      if (c.get("id") !== id) {
        own().set("id", id);
        stats.idsRenumbered++;
      }
    }
    const cellKeys = keys.cell;
    for (let k = 0; k < cellKeys.length; k++) {
      const popped = poppedCopy(c, cellKeys[k] as string);
      if (popped !== null) {
        c = popped;
        stats.keysRemoved++;
      }
    }
    return c;
  };

  const stripCells = (cells: PyValue): PyValue => {
    if (!isList(cells)) {
      if (iterate(cells).length === 0) return cells;
      throw new NotebookError("TypeError", `cells must be a list, not '${pyTypeName(cells)}'`);
    }
    const kept = cells.filter(wanted);
    stats.cellsDropped += cells.length - kept.length;
    const stripped = kept.map(stripCell);
    const same = kept.length === cells.length && stripped.every((cell, i) => cell === cells[i]);
    return same ? cells : stripped;
  };

  // The notebook itself is copied on write too.
  const changedRoot = (): PyDict => {
    const root = copyDict(source);
    if (strippedMetadata !== null) root.set("metadata", strippedMetadata);
    return root;
  };
  if (worksheets) {
    const sheets = attr(PROCESSING, source, "worksheets");
    if (!isList(sheets)) throw new NotebookError("TypeError", "worksheets must be a list");
    const root = changedRoot();
    root.set(
      "worksheets",
      sheets.map((ws) => {
        const copy = copyDict(dict(PROCESSING, ws, "get"));
        copy.set("cells", stripCells(attr(PROCESSING, ws, "cells")));
        return copy;
      }),
    );
    return { root, stats, warnings, largeKept };
  }
  const cells = attr(PROCESSING, source, "cells");
  const stripped = stripCells(cells);
  if (stripped === cells && strippedMetadata === null) {
    return { root: source, stats, warnings, largeKept };
  }
  const root = changedRoot();
  root.set("cells", stripped);
  return { root, stats, warnings, largeKept };
}

/** The cell's outputs after stripping, or null when they stay as they are. */
function strippedOutputs(
  cell: PyDict,
  keep: boolean,
  options: StripOptions,
  stats: StripStats,
): PyValue[] | null {
  const original = cell.get("outputs") as PyValue;
  let outputs: readonly PyValue[] = iterate(original);
  let changed = !isList(original);
  if (!keep || options.keepOutputTypes.length > 0) {
    const kept = outputs.filter(
      (output) =>
        sizeAtMost(output, options.maxSize) ||
        options.keepOutputTypes.some((type) => matchesOutputType(output, type)),
    );
    if (kept.length !== outputs.length) changed = true;
    stats.outputsRemoved += outputs.length - kept.length;
    outputs = kept;
  }
  if (!options.keepCount) {
    outputs = outputs.map((output) => {
      if (!has(output, "execution_count")) return output;
      if (!isDict(output)) {
        throw new NotebookError(
          "TypeError",
          `'${pyTypeName(output)}' object does not support item assignment`,
        );
      }
      if (output.get("execution_count") === null) return output;
      const copy = copyDict(output);
      copy.set("execution_count", null);
      stats.countsCleared++;
      changed = true;
      return copy;
    });
  }
  if (options.dropOutputTypes.length > 0) {
    const kept = outputs.filter(
      (output) => !options.dropOutputTypes.some((type) => matchesOutputType(output, type)),
    );
    if (kept.length !== outputs.length) changed = true;
    stats.outputsRemoved += outputs.length - kept.length;
    outputs = kept;
  }
  return changed ? (outputs as PyValue[]) : null;
}

/**
 * nbstripout's change test (`nb_orig != nb_stripped`, Python equality on the normalised
 * notebook). Ids nbformat had to invent on read count as a change unless ids are kept, because
 * nbstripout's random ids always differ from the sequential ones it then writes.
 */
export function notebookChanged(
  notebook: Notebook,
  stripped: StripResult,
  keepId: boolean,
): boolean {
  if (notebook.repairedIds > 0 && !keepId) return true;
  return !pyEqual(notebook.root, stripped.root);
}
