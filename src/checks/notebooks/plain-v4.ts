import { isPlainObject, NATIVE_MAX_CHARS, numbersAreExact, withinDepth } from "./parse-native.js";
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
/** The keys nbformat 4 defines for a cell, but `attachments` (left to the exact path). */
function isCellKey(key: string, code: boolean): boolean {
  switch (key) {
    case "cell_type":
    case "id":
    case "metadata":
    case "source":
      return true;
    case "execution_count":
    case "outputs":
      return code;
    default:
      return false;
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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  try {
    if (!numbersAreExact(text) || !withinDepth(text, raw)) return null;
    return strip(raw, options, newline);
  } catch (error) {
    if (error === NOT_PLAIN || error instanceof RangeError) return null;
    throw error;
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

function strip(raw: unknown, options: StripOptions, newline: string): PlainOutcome {
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
  };
  const strippedCells: PlainObject[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) strippedCells[i] = stripCell(cells[i] as Plain, i, run);

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
  for (const key in cell) if (!isCellKey(key, code)) throw NOT_PLAIN;

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
    const outputs = cell.outputs;
    if (!Array.isArray(outputs)) throw NOT_PLAIN;
    for (const output of outputs) checkStrippable(output);
    stats.outputsRemoved += outputs.length;
    stripped.outputs = [];
  }
  stripped.source = source(cell.source);
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
 * An output nbformat reads without complaint and nbstripout removes: a dict whose `output_type`
 * is a non-empty string (so larger than `--max-size` 0), whose text or data `"".join` accepts.
 */
function checkStrippable(value: Plain): void {
  const output = object(value);
  const type = output.output_type;
  if (typeof type !== "string" || type === "") throw NOT_PLAIN;
  if (type === "execute_result" || type === "display_data") {
    const data = output.data;
    if (data !== undefined && data !== null) object(data);
    return;
  }
  const text = output.text;
  if (text === undefined || typeof text === "string") return;
  if (!Array.isArray(text)) throw NOT_PLAIN;
  for (let i = 0; i < text.length; i++) if (typeof text[i] !== "string") throw NOT_PLAIN;
}

/** The source as nbformat writes it: joined on read, split into lines on write. */
function source(value: Plain | undefined): string[] {
  if (typeof value === "string") return splitLines(value, true);
  if (!Array.isArray(value)) throw NOT_PLAIN;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") throw NOT_PLAIN;
  if (!isOwnSplit(value as string[])) throw NOT_PLAIN;
  return value as string[];
}

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
