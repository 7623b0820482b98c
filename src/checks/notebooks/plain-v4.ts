import { MAX_DEPTH } from "./parse-hints.js";
import {
  bracketCount,
  isPlainObject,
  NATIVE_MAX_CHARS,
  numbersAreExact,
  parseExactJson,
} from "./parse-native.js";
import { compareCodePoints, floatRepr, isOwnSplit, splitLines } from "./python.js";
import { assertNoLoneSurrogate } from "./serialize.js";
import { noStats, type StripOptions, type StripStats, splitKeys } from "./strip.js";

/**
 * The fast path for the common case: a v4 notebook as Jupyter saves it, stripped with the
 * default keep rules. It works on `JSON.parse`'s own objects and renders with `JSON.stringify`,
 * both native code; the exact path (parse, nbformat, strip, serialize) models every Python value
 * in JS objects of its own, which a short-lived process runs in V8's interpreter — ~0.6 ms per
 * small notebook, most of a 100-notebook run (README, Speed).
 *
 * It answers only where its result is provably the exact path's, byte for byte, and returns null
 * anywhere else, so the exact path decides (and words any error). That is where:
 * - every option is one whose effect it models: no kept outputs (`--keep-output`, keep/drop
 *   types, `--max-size`), no dropped cells, `\n` or `\r\n` line breaks;
 * - the text is `JSON.parse`-able, every number reads the same in JS and Python (parse-native.ts),
 *   nesting within Python's limit, at most NATIVE_MAX_CHARS (the exact parser keeps big
 *   notebooks' memory low);
 * - the notebook is `{cells, metadata, nbformat: 4, nbformat_minor}` and every cell a code,
 *   markdown or raw cell of the keys nbformat 4 defines (no attachments), whose source is a
 *   string or a list of lines that nbformat would split the same way (`isOwnSplit`), whose
 *   outputs (code cells) are all dicts with an `output_type` (so all stripped) and rejoinable;
 * - no `keep_output` (notebook or cell metadata, or tag) and no `init_cell`; cell ids, from
 *   nbformat 4.5, all present, distinct strings (nbformat's repair on read is the exact path's);
 * - kept values hold no key JS would reorder (digit first) or treat specially (`__proto__`), no
 *   float whose JS text differs from Python's `repr`.
 * The keys are then put in code-point order (nbformat's `sort_keys`), and `JSON.stringify` with
 * indent 1 writes what `json.dumps(indent=1, ensure_ascii=False)` writes: the same escapes, the
 * same layout — but for a lone surrogate, which JS escapes and Python cannot encode: render()
 * then fails with the exact path's UnicodeEncodeError. A differential test holds both paths to
 * the same bytes, errors, stats and change verdict.
 */
export interface PlainOutcome {
  readonly changed: boolean;
  readonly stats: StripStats;
  readonly warnings: readonly string[];
  render(): string;
}

type Plain = null | boolean | number | string | Plain[] | PlainObject;
interface PlainObject {
  [key: string]: Plain;
}

/** Thrown inside the walk where the fast path does not apply; never escapes this module. */
const NOT_PLAIN = new Error("not a plain v4 notebook");

const CELL_TYPES = new Set(["code", "markdown", "raw"]);
/**
 * Only keys nbformat 4 defines for a cell, but `attachments` (left to the exact path). One call
 * a cell, not one a key: in cold code the calls cost more than the checks (with the outputs'
 * `assertStrippable`, 0.5–1 ms of a 100-notebook run).
 */
function assertCellKeys(cell: PlainObject, code: boolean): void {
  for (const key in cell) {
    switch (key) {
      case "cell_type":
      case "id":
      case "metadata":
      case "source":
        continue;
      case "execution_count":
      case "outputs":
        if (code) continue;
    }
    throw NOT_PLAIN;
  }
}
const ROOT_KEYS = ["cells", "metadata", "nbformat", "nbformat_minor"];
/** Deep enough for any real metadata (far below Python's limit); deeper goes the exact way. */
const MAX_PLAIN_DEPTH = 64;

export function stripPlainV4(
  text: string,
  options: StripOptions,
  newline: string,
): PlainOutcome | null {
  if (!optionsAllow(options, newline) || text.length > NATIVE_MAX_CHARS) return null;
  try {
    const brackets = bracketCount(text);
    const split = brackets <= MAX_DEPTH ? splitOutputs(text) : null;
    if (split !== null) return strip(split.kept, options, newline, split.outputs);
    const raw = parseExactJson(text, brackets);
    return raw === undefined ? null : strip(raw, options, newline, null);
  } catch (error) {
    if (error === NOT_PLAIN || error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * Code cells' outputs as Jupyter lays them out (cell keys at three spaces), cut from the text
 * with native searches, so that the number scan (~10 instructions a character, the costliest
 * check) reads only what is kept — a dirty notebook is mostly outputs. Each is parsed on its
 * own and left a marker (`["\u0000"]`, once the text has no `\u0000`), which only a code cell's
 * `outputs` may hold (`Outputs.take`).
 *
 * Why the cut is exact: a raw line break is never inside a JSON string, so the key found is
 * a real key and its `[` a real start; the first `\n   ]` after it is a guess, but one that
 * `JSON.parse` confirms, as a text from `[` that parses whole ends at the matching `]`. A
 * stripped output's numbers change nothing in what is written, with one exception: an integer
 * of over 4,300 digits, which Python refuses to read (`hasLongDigitRun` looks for it). Null,
 * and the whole text goes the plain way, wherever a step does not hold. Only for a text within
 * Python's nesting limit by its bracket count (deeper ones the plain way measures).
 */
function splitOutputs(text: string): { kept: unknown; outputs: Outputs } | null {
  // The checks on the whole text first: cheap, and a refusal then costs no parsing.
  if (hasLongDigitRun(text)) return null;
  const parts: string[] = [];
  const regions: unknown[] = [];
  let from = 0; // where the text not yet in `parts` starts
  let next = 0; // where to look for the next key
  for (let at = text.indexOf(OUTPUTS_KEY); at !== -1; at = text.indexOf(OUTPUTS_KEY, next)) {
    const start = at + OUTPUTS_KEY.length - 1; // the `[`
    next = start;
    if (text.charCodeAt(start + 1) !== 0x0a) continue; // `[]`: nothing to cut
    const end = text.indexOf(OUTPUTS_END, start);
    if (end === -1) return null;
    const stop = end + OUTPUTS_END.length;
    try {
      regions.push(JSON.parse(text.slice(start, stop)));
    } catch {
      return null;
    }
    const before = text.slice(from, start);
    // A marker must be one: a kept part with `\u0000` in it could fake one.
    if (before.includes("\\u0000")) return null;
    parts.push(before, OUTPUTS_MARKER);
    from = stop;
    next = stop;
  }
  if (regions.length === 0) return null;
  const after = text.slice(from);
  if (after.includes("\\u0000")) return null;
  parts.push(after);
  const kept = parts.join("");
  let raw: unknown;
  try {
    raw = JSON.parse(kept);
  } catch {
    return null;
  }
  if (!numbersAreExact(kept)) return null;
  return { kept: raw, outputs: new Outputs(regions) };
}

// Searched for as these (a trailing line break or a longer end make the native search slower).
const OUTPUTS_KEY = '\n   "outputs": [';
const OUTPUTS_END = "\n   ]";
const OUTPUTS_MARKER = '["\\u0000"]';
const LONGEST_INT = 4300; // Python's default int_max_str_digits

/**
 * Whether the text has a run of more digits than Python reads as an int. Such a run covers one
 * of every LONGEST_INT + 1 positions, so only those are looked at.
 */
export function hasLongDigitRun(text: string): boolean {
  const isDigit = (at: number) => {
    const c = text.charCodeAt(at);
    return c >= 0x30 && c <= 0x39;
  };
  for (let at = LONGEST_INT; at < text.length; at += LONGEST_INT + 1) {
    if (!isDigit(at)) continue;
    let first = at;
    while (first > 0 && isDigit(first - 1)) first--;
    let last = at;
    while (last + 1 < text.length && isDigit(last + 1)) last++;
    if (last - first + 1 > LONGEST_INT) return true;
  }
  return false;
}

/** The outputs cut from the text, handed to the code cells whose marker they left. */
class Outputs {
  private taken = 0;
  constructor(private readonly regions: readonly unknown[]) {}

  /** The cell's outputs: its own, or the ones its marker stands for. */
  take(value: Plain | undefined): Plain | undefined {
    if (!Array.isArray(value) || value.length !== 1 || value[0] !== "\u0000") return value;
    if (this.taken === this.regions.length) throw NOT_PLAIN;
    return this.regions[this.taken++] as Plain;
  }

  /** Every marker was a code cell's outputs (one elsewhere would be kept). */
  assertAllTaken(): void {
    if (this.taken !== this.regions.length) throw NOT_PLAIN;
  }
}

function optionsAllow(options: StripOptions, newline: string): boolean {
  return (
    options.keepOutput === null &&
    options.maxSize === 0 &&
    options.keepOutputTypes.length === 0 &&
    options.dropOutputTypes.length === 0 &&
    !options.dropEmptyCells &&
    options.dropTaggedCells.length === 0 &&
    (newline === "\n" || newline === "\r\n")
  );
}

function strip(
  raw: unknown,
  options: StripOptions,
  newline: string,
  outputs: Outputs | null,
): PlainOutcome {
  const root = object(raw);
  for (const key in root) if (!ROOT_KEYS.includes(key)) throw NOT_PLAIN;
  const minor = root.nbformat_minor;
  if (root.nbformat !== 4 || typeof minor !== "number" || !Number.isInteger(minor) || minor < 0) {
    throw NOT_PLAIN;
  }
  const stats = noStats();
  const keys = keysFor(options.stripKeys);
  const cellMetadataPaths = keys.cellMetadata;
  if (cellMetadataPaths === null) throw NOT_PLAIN;

  const metadata = object(root.metadata);
  // Names Object.prototype lacks: a JSON object has them exactly when they are not undefined.
  if (metadata.keep_output !== undefined) throw NOT_PLAIN;
  const cells = root.cells;
  if (!Array.isArray(cells)) throw NOT_PLAIN;
  const run: CellRun = {
    options,
    stats,
    ids: minor >= 5 ? new Set<string>() : null,
    metadataPaths: cellMetadataPaths,
    metadataKeys: keys.cellMetadataKeys,
    outputs,
    sources: new SourceLists(),
  };
  const strippedCells: PlainObject[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) strippedCells[i] = stripCell(cells[i] as Plain, i, run);
  outputs?.assertAllTaken();
  run.sources.assertOwnSplit();

  const sortedMetadata = strippedMetadata(
    metadata,
    ROOT_TRANSIENT,
    keys.metadata,
    keys.metadataKeys,
    stats,
  );
  const result: PlainObject = {
    cells: strippedCells,
    metadata: sortedMetadata,
    nbformat: 4,
    nbformat_minor: minor,
  };
  const changed =
    stats.outputsRemoved + stats.countsCleared + stats.idsRenumbered + stats.keysRemoved > 0;
  return {
    changed,
    stats,
    warnings: keys.invalid.map((key) => `Ignoring invalid extra key \`${key}\``),
    render: () => {
      const json = `${JSON.stringify(result, null, 1)}\n`;
      // A lone surrogate in a string (JSON.stringify escapes it): Python cannot encode it either.
      assertNoLoneSurrogate(json);
      return newline === "\n" ? json : json.replace(/\n/g, newline);
    },
  };
}

interface CellRun {
  readonly options: StripOptions;
  readonly stats: StripStats;
  /** The ids seen so far, from nbformat 4.5 (where every cell must have one); null before. */
  readonly ids: Set<string> | null;
  /** `cell.metadata.…` strip paths, relative to the cell's metadata. */
  readonly metadataPaths: readonly string[];
  /** The same as a set of keys, when each is one key deep (the defaults); else null. */
  readonly metadataKeys: ReadonlySet<string> | null;
  /** The outputs cut from the text (`splitOutputs`), if they were. */
  readonly outputs: Outputs | null;
  /** The cells' sources given as lists of lines, checked together once every cell is seen. */
  readonly sources: SourceLists;
}

interface StripKeys {
  readonly metadata: readonly string[];
  /**
   * The `cell.…` paths relative to the cell's metadata; null if one leads elsewhere, where it
   * could pop a key the writer needs (the exact path's call). Inside the metadata: no cell key
   * has a dot, so `pop_recursive` always descends into it.
   */
  readonly cellMetadata: readonly string[] | null;
  /** `metadata` and `cellMetadata` as sets of keys, where no path has a dot; else null. */
  readonly metadataKeys: ReadonlySet<string> | null;
  readonly cellMetadataKeys: ReadonlySet<string> | null;
  readonly invalid: readonly string[];
}

/** The strip list split up once: a run strips every notebook with the same list. */
let lastKeys: { list: readonly string[]; keys: StripKeys } | null = null;
function keysFor(list: readonly string[]): StripKeys {
  if (lastKeys?.list !== list) {
    const { metadata, cell, invalid } = splitKeys(list);
    const inMetadata = cell.every((path) => path.startsWith("metadata."));
    const cellMetadata = inMetadata ? cell.map((path) => path.slice("metadata.".length)) : null;
    const keysOf = (paths: readonly string[] | null) =>
      paths?.every((path) => !path.includes(".")) ? new Set(paths) : null;
    lastKeys = {
      list,
      keys: {
        metadata,
        cellMetadata,
        metadataKeys: keysOf(metadata),
        cellMetadataKeys: keysOf(cellMetadata),
        invalid,
      },
    };
  }
  return lastKeys.keys;
}

/** One cell, stripped as nbstripout does with the default keep rules, keys in order. */
function stripCell(value: Plain, index: number, run: CellRun): PlainObject {
  const { options, stats, ids } = run;
  const cell = object(value);
  const type = cell.cell_type;
  if (typeof type !== "string" || !CELL_TYPES.has(type)) throw NOT_PLAIN;
  const code = type === "code";
  assertCellKeys(cell, code);

  const metadata = object(cell.metadata);
  if (metadata.keep_output !== undefined || metadata.init_cell !== undefined) throw NOT_PLAIN;
  const tags = metadata.tags;
  if (tags !== undefined && (!Array.isArray(tags) || tags.includes("keep_output"))) {
    throw NOT_PLAIN;
  }

  const stripped: PlainObject = { cell_type: type };
  if (code) {
    const count = cell.execution_count;
    if (count === undefined || (count !== null && !Number.isInteger(count))) throw NOT_PLAIN;
    if (count !== null && !options.keepCount) stats.countsCleared++;
    stripped.execution_count = options.keepCount ? count : null;
  }
  if (cell.id !== undefined) {
    const id = cell.id;
    if (ids !== null) {
      // From nbformat 4.5 a missing or repeated id is repaired on read: the exact path's job.
      if (typeof id !== "string" || ids.has(id)) throw NOT_PLAIN;
      ids.add(id);
    }
    const renumbered = String(index);
    if (options.keepId || id === renumbered) {
      stripped.id = canonical(id as Plain, 1);
    } else {
      stripped.id = renumbered;
      stats.idsRenumbered++;
    }
  } else if (ids !== null) {
    throw NOT_PLAIN;
  }
  stripped.metadata = strippedMetadata(
    metadata,
    CELL_TRANSIENT,
    run.metadataPaths,
    run.metadataKeys,
    stats,
  );
  if (code) {
    const outputs = run.outputs === null ? cell.outputs : run.outputs.take(cell.outputs);
    if (!Array.isArray(outputs)) throw NOT_PLAIN;
    assertStrippable(outputs);
    stats.outputsRemoved += outputs.length;
    stripped.outputs = [];
  }
  stripped.source = source(cell.source, run.sources);
  return stripped;
}

/** nbformat's strip_transient on read: gone before nbstripout compares, so never a change. */
const ROOT_TRANSIENT = new Set(["orig_nbformat", "orig_nbformat_minor", "signature"]);
const CELL_TRANSIENT = new Set(["trusted"]);

/**
 * Metadata without its transient keys and the stripped ones (each counted), the rest in
 * `canonical` form. Where every strip path is one key deep (`keys`, the defaults) this is one
 * pass that copies what is kept; `delete` would turn V8's object into a slow dictionary, and
 * is left to paths that go deeper (nbstripout's `pop_recursive`, popped before the walk).
 */
function strippedMetadata(
  metadata: PlainObject,
  transient: ReadonlySet<string>,
  paths: readonly string[],
  keys: ReadonlySet<string> | null,
  stats: StripStats,
): PlainObject {
  if (keys === null) {
    for (const key of transient) delete metadata[key];
    for (const path of paths) if (pop(metadata, path)) stats.keysRemoved++;
    return canonical(metadata, 1) as PlainObject;
  }
  let kept: string[] | null = null; // the keys kept, once one is not
  let count = 0;
  let previous: string | null = null;
  let sorted = true;
  for (const key in metadata) {
    if (transient.has(key) || keys.has(key)) {
      if (!transient.has(key)) stats.keysRemoved++;
      if (kept === null) kept = Object.keys(metadata).slice(0, count);
      continue;
    }
    checkKey(key);
    if (previous !== null && compareCodePoints(previous, key) > 0) sorted = false;
    previous = key;
    metadata[key] = canonical(metadata[key] as Plain, 2);
    kept?.push(key);
    count++;
  }
  if (kept === null && sorted) return metadata;
  const order = kept ?? Object.keys(metadata);
  if (!sorted) order.sort(compareCodePoints);
  const copy: PlainObject = {};
  for (let i = 0; i < order.length; i++) {
    const key = order[i] as string;
    copy[key] = metadata[key] as Plain;
  }
  return copy;
}

/**
 * Outputs nbformat reads without complaint and nbstripout removes: dicts whose `output_type` is
 * a non-empty string (so larger than `--max-size` 0), whose text or data `"".join` accepts. One
 * call a cell, not one an output (see `assertCellKeys`).
 */
function assertStrippable(outputs: readonly Plain[]): void {
  for (let i = 0; i < outputs.length; i++) {
    const output = outputs[i];
    if (!isPlainObject(output)) throw NOT_PLAIN;
    const type = output.output_type;
    if (typeof type !== "string" || type === "") throw NOT_PLAIN;
    if (type === "execute_result" || type === "display_data") {
      const data = output.data;
      if (data !== undefined && data !== null && !isPlainObject(data)) throw NOT_PLAIN;
      continue;
    }
    const text = output.text;
    if (text === undefined || typeof text === "string") continue;
    if (!Array.isArray(text)) throw NOT_PLAIN;
    for (let k = 0; k < text.length; k++) if (typeof text[k] !== "string") throw NOT_PLAIN;
  }
}

/**
 * The source as nbformat writes it: joined on read, split into lines on write. A list of lines
 * is written as it is only where that split is nbformat's own (`isOwnSplit`), which `sources`
 * proves for the whole notebook at the end of the walk.
 */
function source(value: Plain | undefined, sources: SourceLists): string[] {
  if (typeof value === "string") return splitLines(value, true);
  if (!Array.isArray(value)) throw NOT_PLAIN;
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) if (typeof value[i] !== "string") throw NOT_PLAIN;
  const lines = value as string[];
  if (last === -1) return lines;
  const tail = lines[last] as string;
  // A last line without a break must hold something: `splitlines` makes no empty line.
  if (tail === "") throw NOT_PLAIN;
  sources.add(lines, tail.charCodeAt(tail.length - 1) === 0x0a);
  return lines;
}

/** Joins lines in `SourceLists`: a character no source line holds once the counts agree. */
const LINE_SEPARATOR = "\u0000";
/** Python's `splitlines` breaks but `\n` (python.ts): none may be in a line of a plain source. */
const OTHER_BREAKS = ["\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"];

/**
 * A notebook's lists of source lines, proved to be nbformat's own split all at once: `isOwnSplit`
 * line by line cost ~2 ms of a 100-notebook run (cold code, ~5,600 lines), a few native joins
 * and searches per notebook far less. With every line followed by one separator, in `all`:
 * - the separators number the lines: no line holds one;
 * - no break but `\n` anywhere;
 * - a line's `\n` count is at least 1 if it ends with `\n`, so `\n` and `\n` + separator
 *   counting the same says no line has a `\n` but at its end;
 * - a list may have at most `wanted` lines ending with `\n` (all of them if its last line does,
 *   else all but the last), so the lines ending with `\n` reaching the sum of those maxima says
 *   every list reaches its own: each line but the last ends with its one break.
 * Where a count disagrees, each list is checked with `isOwnSplit`, which decides.
 */
class SourceLists {
  private readonly lists: string[][] = [];
  private wanted = 0;

  /** A list of one or more strings whose last one is not empty. */
  add(lines: string[], lastEndsWithLf: boolean): void {
    this.lists.push(lines);
    this.wanted += lastEndsWithLf ? lines.length : lines.length - 1;
  }

  assertOwnSplit(): void {
    if (this.lists.length === 0 || this.provedTogether()) return;
    for (const lines of this.lists) if (!isOwnSplit(lines)) throw NOT_PLAIN;
  }

  private provedTogether(): boolean {
    const lines = this.lists.flat();
    const all = `${lines.join(LINE_SEPARATOR)}${LINE_SEPARATOR}`;
    if (countOf(all, LINE_SEPARATOR) !== lines.length) return false;
    for (const other of OTHER_BREAKS) if (all.includes(other)) return false;
    return (
      countOf(all, "\n") === this.wanted && countOf(all, `\n${LINE_SEPARATOR}`) === this.wanted
    );
  }
}

/** How many times `part` is in `text`, without overlaps (native: `split` beats a search loop). */
const countOf = (text: string, part: string): number => text.split(part).length - 1;

/**
 * A kept value as `json.dumps(sort_keys=True)` orders it: objects rebuilt in code-point key
 * order where they are not already. Refuses what JS would not write as Python does.
 */
function canonical(value: Plain, depth: number): Plain {
  if (depth > MAX_PLAIN_DEPTH) throw NOT_PLAIN;
  if (typeof value === "number") {
    // 1e400 parses as Infinity, which JSON.stringify writes as null and Python as Infinity.
    if (!Number.isFinite(value)) throw NOT_PLAIN;
    if (!Number.isInteger(value) && String(value) !== floatRepr(value)) throw NOT_PLAIN;
    return value;
  }
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = canonical(value[i] as Plain, depth + 1);
    return value;
  }
  let previous: string | null = null;
  let sorted = true;
  for (const key in value) {
    checkKey(key);
    if (previous !== null && compareCodePoints(previous, key) > 0) sorted = false;
    previous = key;
    value[key] = canonical(value[key] as Plain, depth + 1);
  }
  if (sorted) return value;
  const copy: PlainObject = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) copy[key] = value[key] as Plain;
  return copy;
}

/** A key JS would put first (digit first) or treat specially (`__proto__`): the exact path's. */
function checkKey(key: string): void {
  const first = key.charCodeAt(0);
  if ((first >= 0x30 && first <= 0x39) || key === "__proto__") throw NOT_PLAIN;
}

/** nbstripout's `pop_recursive`: the whole path as a key first, then descend at its first dot. */
function pop(target: PlainObject, path: string): boolean {
  if (target[path] !== undefined && own(target, path)) {
    delete target[path];
    return true;
  }
  const dot = path.indexOf(".");
  if (dot === -1) return false;
  const head = path.slice(0, dot);
  // Python's `key in d`: an own key only (`__proto__.toString` must not reach Object.prototype).
  if (!own(target, head)) return false;
  const child = target[head];
  return isPlainObject(child) && pop(child as PlainObject, path.slice(dot + 1));
}

function object(value: unknown): PlainObject {
  if (!isPlainObject(value)) throw NOT_PLAIN;
  return value as PlainObject;
}

const own = (target: object, key: string): boolean => Object.hasOwn(target, key);
