import { Buffer, isUtf8 } from "node:buffer";
import { markWorkDone } from "../../runtime/code-cache.js";
import { JsonDecodeError, NotebookError } from "./errors.js";
import { readNotebook, writeNotebook } from "./nbformat.js";
import { keysInKeptOutputs, type OutputKey } from "./output-keys.js";
import { parseJson } from "./parse.js";
import { stripPlainV4 } from "./plain-v4.js";
import {
  describeLargeKept,
  type LargeKept,
  noStats,
  notebookChanged,
  type StripOptions,
  type StripStats,
  stripOutput,
} from "./strip.js";
import { stripZeppelin, writeZeppelin } from "./zeppelin.js";

export type Mode = "jupyter" | "zeppelin";

export interface ProcessSettings {
  readonly mode: Mode;
  readonly strip: StripOptions;
  /** Line break of the output: `\n`, or the platform's where nbstripout's text files translate. */
  readonly newline: string;
}

export interface Summary extends StripStats {
  /** Zeppelin paragraphs whose results were emptied. */
  resultsCleared: number;
}

/** What stripping one notebook would do. Nothing here touches a file. */
export interface Outcome {
  /** nbstripout's semantic test: the stripped notebook differs from the notebook as read. */
  readonly changed: boolean;
  /**
   * The stripped notebook as nbstripout writes it. Throws a NotebookError where nbformat's writer
   * would fail (e.g. a code cell without `outputs`), so call it before touching any file.
   */
  render(): string;
  readonly summary: Summary;
  /** Warnings for stderr, once per notebook (nbstripout's own, as it words them). */
  readonly warnings: readonly string[];
  /** Cells keeping outputs over `--max-size`; `notebookNotes` words them. */
  readonly largeKept: readonly LargeKept[];
  /** Private keys in outputs the stripped notebook keeps (Jupyter mode). */
  readonly keys: readonly OutputKey[];
}

/** Strict UTF-8, as Python's `open(..., encoding="utf8")` reads (BOMs are left for the parser). */
export function decodeUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString("utf8");
  const { position, reason } = firstUtf8Error(bytes);
  const byte = (bytes[position] as number).toString(16).padStart(2, "0");
  throw new NotebookError(
    "UnicodeDecodeError",
    `'utf-8' codec can't decode byte 0x${byte} in position ${position}: ${reason} (the file is not UTF-8 text)`,
  );
}

function firstUtf8Error(bytes: Uint8Array): { position: number; reason: string } {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need =
      b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return { position: i, reason: "invalid start byte" };
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return { position: i, reason: "unexpected end of data" };
      const c = bytes[i + k] as number;
      let low = 0x80;
      let high = 0xbf;
      if (k === 1) {
        if (b === 0xe0) low = 0xa0;
        else if (b === 0xed) high = 0x9f;
        else if (b === 0xf0) low = 0x90;
        else if (b === 0xf4) high = 0x8f;
      }
      if (c < low || c > high) return { position: i, reason: "invalid continuation byte" };
    }
    i += need + 1;
  }
  return { position: 0, reason: "invalid start byte" };
}

/**
 * In Jupyter mode nbformat reports unparseable text as "No valid notebook detected"; everything
 * else (and any failure in Zeppelin mode) is "Could not strip".
 */
export function isNotJson(error: unknown, mode: Mode): error is JsonDecodeError {
  return mode === "jupyter" && error instanceof JsonDecodeError;
}

/**
 * Read, normalise and strip one notebook (pure; throws NotebookError on bad input). Pass the
 * decoded text (see `decodeUtf8`) to let the caller drop the bytes before parsing.
 */
export function processNotebook(input: string | Uint8Array, settings: ProcessSettings): Outcome {
  markWorkDone();
  const text = typeof input === "string" ? input : decodeUtf8(input);
  if (settings.mode === "zeppelin") {
    const zeppelin = stripZeppelin(parseJson(text));
    return {
      changed: zeppelin.changed,
      render: () => writeZeppelin(zeppelin.root, settings.newline),
      summary: { ...noStats(), resultsCleared: zeppelin.resultsCleared },
      warnings: [],
      largeKept: [],
      keys: [],
    };
  }
  const plain = stripPlainV4(text, settings.strip, settings.newline);
  if (plain !== null) {
    return {
      changed: plain.changed,
      render: plain.render,
      summary: { ...plain.stats, resultsCleared: 0 },
      warnings: plain.warnings,
      largeKept: [],
      keys: [], // every output is stripped: none is kept to hold a key
    };
  }
  return processExact(text, settings);
}

/** `processNotebook` without the fast path (plain-v4.ts), for Jupyter mode: every notebook. */
export function processExact(text: string, settings: ProcessSettings): Outcome {
  const notebook = readNotebook(text);
  const stripped = stripOutput(notebook, settings.strip);
  // render() holds only the stripped tree: the notebook as read (every output, most of a big
  // file) is garbage once `changed` is known.
  const { major, minor } = notebook;
  const root = stripped.root;
  let keys: readonly OutputKey[] | undefined;
  return {
    changed: notebookChanged(notebook, stripped, settings.strip.keepId),
    render: () => writeNotebook({ root, major, minor }, settings.newline),
    summary: { ...stripped.stats, resultsCleared: 0 },
    warnings: stripped.warnings,
    largeKept: stripped.largeKept,
    // Scanned on first use: `-t` (a diff's textconv) never asks.
    get keys() {
      keys ??= keysInKeptOutputs(root);
      return keys;
    },
  };
}

/** One human phrase for stderr: what stripping removed, e.g. `removed 3 outputs, 2 execution counts`. */
export function describeSummary(summary: Summary): string {
  const removed: string[] = [];
  const add = (list: string[], n: number, one: string, many: string): void => {
    if (n > 0) list.push(`${n} ${n === 1 ? one : many}`);
  };
  add(removed, summary.outputsRemoved, "output", "outputs");
  add(removed, summary.resultsCleared, "paragraph result", "paragraph results");
  add(removed, summary.countsCleared, "execution count", "execution counts");
  add(removed, summary.cellsDropped, "cell", "cells");
  add(removed, summary.keysRemoved, "metadata key", "metadata keys");
  const phrases = removed.length > 0 ? [`removed ${removed.join(", ")}`] : [];
  if (summary.idsRenumbered > 0) {
    phrases.push(
      `renumbered ${summary.idsRenumbered} cell id${summary.idsRenumbered === 1 ? "" : "s"}`,
    );
  }
  return phrases.length > 0 ? phrases.join("; ") : "normalised";
}

/** "1.2 kB smaller": what a rewrite saved, in the same words in every mode. */
export function formatBytesSaved(saved: number): string {
  const size = Math.abs(saved);
  const text =
    size < 1000
      ? `${size} B`
      : size < 1e6
        ? `${(size / 1e3).toFixed(1)} kB`
        : `${(size / 1e6).toFixed(1)} MB`;
  return saved >= 0 ? `${text} smaller` : `${text} larger`;
}

/**
 * The warnings for one notebook, as stderr lines: nbstripout's as it words them, then ours,
 * which name the notebook (a run may strip many).
 */
export function notebookNotes(
  hookId: string,
  name: string,
  outcome: Outcome,
  settings: ProcessSettings,
): string[] {
  return [
    ...outcome.warnings,
    ...outcome.largeKept.map(
      (kept) => `${hookId}: ${name}: ${describeLargeKept(kept, settings.strip.maxSize)}`,
    ),
  ];
}
