import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasLongDigitRun, stripPlainV4 } from "../../../src/checks/notebooks/plain-v4.js";
import { type ProcessSettings, processExact } from "../../../src/checks/notebooks/process.js";
import {
  DEFAULT_STRIP_OPTIONS,
  type StripOptions,
  stripKeyList,
} from "../../../src/checks/notebooks/strip.js";
import { CORPUS_DIR, NOTEBOOK_FIXTURES } from "../../helpers/notebooks.js";

/**
 * The fast path (plain-v4.ts) against the exact path, on every notebook we have and on variants
 * made to sit on each edge of its rules: wherever it answers, it must answer as the exact path
 * does — bytes, change verdict, stats, warnings — and wherever the exact path fails, it must not
 * answer at all.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const OPTION_SETS: Record<string, Partial<StripOptions>> = {
  default: {},
  "keep-count": { keepCount: true },
  "keep-id": { keepId: true },
  "extra keys": {
    stripKeys: stripKeyList(
      ["metadata.kernelspec.name", "cell.metadata.tags", "cell.metadata.a.b", "metadata.x.y.z"],
      [],
    ),
  },
  "keep metadata keys": {
    stripKeys: stripKeyList([], ["cell.metadata.collapsed", "metadata.widgets"]),
  },
  "invalid key": { stripKeys: stripKeyList(["foo", "cell.id"], []) },
  "strip the whole metadata": { stripKeys: stripKeyList(["cell.metadata"], []) },
  "paths through __proto__": {
    stripKeys: stripKeyList(
      ["metadata.__proto__.toString", "cell.metadata.__proto__.valueOf", "metadata.a.__proto__"],
      [],
    ),
  },
  "keep-output": { keepOutput: true },
  "max-size": { maxSize: 100 },
};

function settingsFor(name: string, newline = "\n"): ProcessSettings {
  return {
    mode: "jupyter",
    strip: { ...DEFAULT_STRIP_OPTIONS, ...OPTION_SETS[name] },
    newline,
  };
}

interface Verdict {
  readonly fast: boolean;
}

/** Both paths on one text; returns whether the fast path answered. */
function compare(text: string, settings: ProcessSettings, label: string): Verdict {
  const plain = stripPlainV4(text, settings.strip, settings.newline);
  let exact: { changed: boolean; text: string; stats: object; warnings: readonly string[] };
  try {
    const outcome = processExact(text, settings);
    exact = {
      changed: outcome.changed,
      text: outcome.render(),
      stats: { ...outcome.summary, resultsCleared: undefined },
      warnings: outcome.warnings,
    };
  } catch (error) {
    if (plain !== null) {
      // Only where the failure is the writer's, and the fast path's writer fails alike.
      expect(() => plain.render(), label).toThrow((error as Error).message);
    }
    return { fast: plain !== null };
  }
  if (plain === null) return { fast: false };
  expect({ label, changed: plain.changed }).toEqual({ label, changed: exact.changed });
  expect({ label, stats: plain.stats }).toEqual({
    label,
    stats: { ...exact.stats, resultsCleared: undefined },
  });
  expect({ label, warnings: plain.warnings }).toEqual({ label, warnings: exact.warnings });
  const rendered = plain.render();
  if (rendered !== exact.text) {
    expect({ label, text: rendered }).toEqual({ label, text: exact.text });
  }
  return { fast: true };
}

function notebookFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...notebookFiles(path));
    else if (/\.(ipynb|expected)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** A dirty v4.5 notebook as Jupyter saves it: sorted keys, own-split lines, outputs, counts. */
function baseNotebook(): { [key: string]: Json } {
  return {
    cells: [
      {
        cell_type: "markdown",
        id: "intro",
        metadata: { tags: ["doc"], note: "U+2028 \u2028 and U+0085 \u0085 stay in a string" },
        source: ["# Title\n", "\n", "Some *text* — ünïcödé, 😀 kept.\n", "last"],
      },
      {
        cell_type: "code",
        execution_count: 7,
        id: "c1",
        metadata: {
          ExecuteTime: { end_time: "2024-01-01T00:00:00.000Z", start_time: "x" },
          collapsed: false,
          scrolled: true,
          trusted: true,
          a: { b: 1, c: 0.5 },
        },
        outputs: [
          { name: "stdout", output_type: "stream", text: ["loss 0.1\n", "loss 1.0\n"] },
          {
            data: { "image/png": "iVBORw0KGgo=\n", "text/plain": ["<Figure>"] },
            execution_count: 7,
            metadata: {},
            output_type: "execute_result",
          },
          { ename: "E", evalue: "1.0", output_type: "error", traceback: ["t"] },
        ],
        source: ["import torch\n", 'x = "tab\\t and quote \\" and \\u0001"\n', "y = 1.0"],
      },
      {
        cell_type: "code",
        execution_count: null,
        id: "2",
        metadata: {},
        outputs: [],
        source: [],
      },
      { cell_type: "raw", id: "r", metadata: { format: "text/x" }, source: "raw\r\nlines\rmore" },
    ],
    metadata: {
      kernelspec: { display_name: "Python 3", language: "python", name: "python3" },
      language_info: { codemirror_mode: { name: "ipython", version: 3 }, version: "3.11.4" },
      signature: "sha256:abc",
      widgets: { state: {} },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
type Nb = { [key: string]: Json };
const cellsOf = (nb: Nb) => nb.cells as { [key: string]: Json }[];
const cell = (nb: Nb, i: number) => cellsOf(nb)[i] as { [key: string]: Json };
const meta = (nb: Nb, i: number) => cell(nb, i).metadata as { [key: string]: Json };

/** One edit of the base notebook: of its objects, or of its JSON text (applied after). */
interface Edit {
  readonly label: string;
  readonly nb?: (nb: Nb) => void;
  readonly text?: (text: string) => string;
}

function render(edits: readonly Edit[]): string {
  const nb = clone(baseNotebook());
  for (const edit of edits) {
    try {
      edit.nb?.(nb);
    } catch {
      // An edit that an earlier one made meaningless (a cell of a notebook without cells).
    }
  }
  let text = JSON.stringify(nb, null, 1);
  for (const edit of edits) {
    try {
      if (edit.text) text = edit.text(text);
    } catch {
      // Likewise: "compact text" cannot re-parse a text an earlier edit broke.
    }
  }
  return text;
}

/** Edits of the base notebook, each at one edge of the fast path's rules. */
function edits(): Edit[] {
  const out: Edit[] = [];
  const edit = (label: string, change: (nb: Nb) => void): void => {
    out.push({ label, nb: change });
  };
  const text = (label: string, make: (base: string) => string): void => {
    out.push({ label, text: make });
  };
  edit("base", () => {});
  edit("clean already", (nb) => {
    for (const c of cellsOf(nb)) {
      if (c.cell_type === "code") {
        c.outputs = [];
        c.execution_count = null;
      }
      const m = c.metadata as Nb;
      for (const key of ["ExecuteTime", "collapsed", "scrolled", "trusted"]) delete m[key];
    }
    cellsOf(nb).forEach((c, i) => {
      c.id = String(i);
    });
    delete (nb.metadata as Nb).signature;
    delete (nb.metadata as Nb).widgets;
  });
  edit("only trusted and signature to drop", (nb) => {
    for (const c of cellsOf(nb)) {
      if (c.cell_type === "code") {
        c.outputs = [];
        c.execution_count = null;
      }
      const m = c.metadata as Nb;
      for (const key of ["ExecuteTime", "collapsed", "scrolled"]) delete m[key];
    }
    cellsOf(nb).forEach((c, i) => {
      c.id = String(i);
    });
    delete (nb.metadata as Nb).widgets;
  });
  edit("unsorted root and cell keys", (nb) => {
    const c = cell(nb, 1);
    cellsOf(nb)[1] = {
      source: c.source,
      outputs: c.outputs,
      metadata: c.metadata,
      id: c.id,
      cell_type: "code",
      execution_count: 1,
    } as Nb;
    const root = { nbformat_minor: 5, nbformat: 4, metadata: nb.metadata, cells: nb.cells };
    for (const key of Object.keys(nb)) delete nb[key];
    Object.assign(nb, root);
  });
  edit("unsorted metadata", (nb) => {
    meta(nb, 0).zeta = { y: 1, b: [{ z: 1, a: 2 }] };
    meta(nb, 0).alpha = "first";
  });
  edit("astral vs BMP private-use key order", (nb) => {
    meta(nb, 0)["\u{1F600}"] = 1;
    meta(nb, 0)["\uE000"] = 2;
  });
  edit("digit key", (nb) => {
    meta(nb, 0)["1x"] = true;
  });
  edit("integer-like key", (nb) => {
    (nb.metadata as Nb)["10"] = 1;
  });
  text("__proto__ key", (b) => b.replace('"tags": [', '"__proto__": {"polluted": 1}, "tags": ['));
  edit("float 1e-07", (nb) => {
    meta(nb, 0).f = 1e-7;
  });
  edit("float 1e+16 and 1e21", (nb) => {
    meta(nb, 0).f = 1.5e16;
    meta(nb, 0).g = 1.5e21;
  });
  edit("float 0.1 and 123.456", (nb) => {
    meta(nb, 0).f = 0.1;
    meta(nb, 0).g = 123.456;
  });
  text("float 1.0 literal", (b) => b.replace('"version": 3', '"version": 3.0'));
  text("float 1e400", (b) => b.replace('"version": 3', '"version": 1e400'));
  text("float -0.0", (b) => b.replace('"version": 3', '"version": -0.0'));
  text("int -0", (b) => b.replace('"version": 3', '"version": -0'));
  text("int with 17 digits", (b) => b.replace('"version": 3', '"version": 12345678901234567'));
  text("1.0 inside an output only", (b) =>
    b.replace(
      '"execution_count": 7,\n     "metadata": {}',
      '"execution_count": 7,\n     "metadata": {"v": 1.0}',
    ),
  );
  text("lone surrogate escape", (b) => b.replace("last", "last \\ud800"));
  text("paired surrogate escape", (b) => b.replace("last", "last \\ud83d\\ude00"));
  text("upper-case surrogate escape", (b) => b.replace("last", "last \\uD800"));
  text("raw lone surrogate (a caller's own string)", (b) => b.replace("last", "last \ud800"));
  text("NaN", (b) => b.replace('"version": 3', '"version": NaN'));
  text("BOM", (b) => `\ufeff${b}`);
  text("trailing comma", (b) => b.replace('"nbformat_minor": 5', '"nbformat_minor": 5,'));
  text("duplicate key", (b) => b.replace('"nbformat": 4,', '"nbformat": 4, "nbformat": 4,'));
  text("deep metadata", (b) =>
    b.replace('"tags": [', `"deep": ${"[".repeat(70)}${"]".repeat(70)}, "tags": [`),
  );
  text("deeper than Python's limit in an output", (b) =>
    b.replace('"text/plain": [', `"x": ${"[".repeat(1000)}${"]".repeat(1000)}, "text/plain": [`),
  );
  // The outputs cut from the text before the number scan (splitOutputs): what they may hold.
  text("integer of 4,301 digits in an output", (b) =>
    b.replace(
      '"execution_count": 7,\n     "metadata"',
      `"execution_count": ${"9".repeat(4301)},\n      "metadata"`,
    ),
  );
  text("integer of 4,300 digits in an output", (b) =>
    b.replace(
      '"execution_count": 7,\n     "metadata"',
      `"execution_count": ${"9".repeat(4300)},\n      "metadata"`,
    ),
  );
  text("1.0, 1e400 and 17 digits as an output's numbers", (b) =>
    b.replace(
      '"execution_count": 7,\n     "metadata": {}',
      '"execution_count": 7.0,\n      "metadata": {"a": 1e400, "b": 12345678901234567, "c": -0.0}',
    ),
  );
  text("\\u0000 in an output", (b) => b.replace('"loss 0.1\\n"', '"loss \\u0000\\n"'));
  text("an array in an output closed at a cell key's indent", (b) =>
    b.replace('"output_type": "stream",', '"output_type": "stream", "x": [\n1\n   ],'),
  );
  text("outputs key at a cell key's indent in the notebook's metadata", (b) =>
    b.replace(
      '"signature": "sha256:abc",',
      '"signature": "sha256:abc",\n   "outputs": [\n1\n   ],',
    ),
  );
  text(
    "a code cell's own [\"\\u0000\"] outputs and outputs at a cell key's indent elsewhere",
    (b) =>
      b
        .replace('"outputs": [],', '"outputs": ["\\u0000"],')
        .replace(
          '"signature": "sha256:abc",',
          '"signature": "sha256:abc",\n   "outputs": [\n{"name": "stdout", "output_type": "stream", "text": "x"}\n   ],',
        ),
  );
  text(
    "a code cell's own [\"\\u0000\"] outputs after outputs at a cell key's indent in a cell's metadata",
    (b) =>
      b
        .replace('"outputs": [],', '"outputs": ["\\u0000"],')
        .replace(
          '\n    "tags": [',
          '\n   "outputs": [\n{"name": "stdout", "output_type": "stream", "text": "x"}\n   ],\n    "tags": [',
        ),
  );
  text("outputs twice in a cell", (b) =>
    b.replace(
      '\n   "source": [\n    "import',
      '\n   "outputs": [\n 1\n   ],\n   "source": [\n    "import',
    ),
  );
  text("CRLF text", (b) => b.replace(/\n/g, "\r\n"));
  text("compact text", (b) => JSON.stringify(JSON.parse(b)));
  edit("source as a string", (nb) => {
    cell(nb, 1).source = "a\nb\r\nc\u2028d\x0be";
  });
  edit("source line with two breaks", (nb) => {
    cell(nb, 1).source = ["a\nb\n", "c"];
  });
  edit("source lines without breaks", (nb) => {
    cell(nb, 1).source = ["a", "b"];
  });
  edit("source with an empty line item", (nb) => {
    cell(nb, 1).source = ["a\n", "", "b"];
  });
  edit("source CR then LF across items", (nb) => {
    cell(nb, 1).source = ["a\r", "\nb"];
  });
  edit("source with a number", (nb) => {
    cell(nb, 1).source = ["a\n", 1];
  });
  edit("source's last line ends with a break", (nb) => {
    cell(nb, 1).source = ["a\n", "b\n"];
  });
  edit("source an empty list", (nb) => {
    cell(nb, 1).source = [];
  });
  edit("source lines ending in CRLF", (nb) => {
    cell(nb, 1).source = ["a\r\n", "b\r\n", "c"];
  });
  edit("source line with a form feed", (nb) => {
    cell(nb, 1).source = ["a\fb\n", "c"];
  });
  edit("source line holding U+0000", (nb) => {
    cell(nb, 1).source = ["a\u0000\n", "b"];
  });
  edit("source line ending in U+0000 after a break", (nb) => {
    cell(nb, 1).source = ["a\n\u0000", "b"];
  });
  // The proof counts over the whole notebook: one cell's extra break must not pay for another's
  // missing one.
  edit("a break too many in one cell and one too few in another", (nb) => {
    cell(nb, 1).source = ["a\nb\n"];
    cell(nb, 2).source = ["c", "d\n"];
  });
  edit("a break inside a last line and one missing elsewhere", (nb) => {
    cell(nb, 1).source = ["a\nb"];
    cell(nb, 2).source = ["c", "d"];
  });
  edit("source missing", (nb) => {
    delete cell(nb, 1).source;
  });
  edit("id missing at 4.5", (nb) => {
    delete cell(nb, 1).id;
  });
  edit("duplicate ids", (nb) => {
    cell(nb, 1).id = "intro";
  });
  edit("numeric id", (nb) => {
    cell(nb, 1).id = 1;
  });
  edit("ids already sequential", (nb) => {
    cellsOf(nb).forEach((c, i) => {
      c.id = String(i);
    });
  });
  edit("minor 4 without ids", (nb) => {
    nb.nbformat_minor = 4;
    for (const c of cellsOf(nb)) delete c.id;
  });
  edit("minor 4 with some ids", (nb) => {
    nb.nbformat_minor = 4;
    delete cell(nb, 0).id;
  });
  edit("minor 6", (nb) => {
    nb.nbformat_minor = 6;
  });
  edit("minor as a string", (nb) => {
    nb.nbformat_minor = "5";
  });
  edit("nbformat 3", (nb) => {
    nb.nbformat = 3;
  });
  edit("extra root key", (nb) => {
    nb.worksheets = [];
  });
  edit("orig_nbformat", (nb) => {
    (nb.metadata as Nb).orig_nbformat = 3;
    (nb.metadata as Nb).orig_nbformat_minor = 0;
  });
  edit("notebook keep_output", (nb) => {
    (nb.metadata as Nb).keep_output = true;
  });
  edit("cell keep_output", (nb) => {
    meta(nb, 1).keep_output = true;
  });
  edit("cell keep_output false", (nb) => {
    meta(nb, 1).keep_output = false;
  });
  edit("keep_output tag", (nb) => {
    meta(nb, 1).tags = ["keep_output"];
  });
  edit("tags as a string", (nb) => {
    meta(nb, 1).tags = "keep_output_not";
  });
  edit("init_cell", (nb) => {
    meta(nb, 1).init_cell = true;
  });
  edit("attachments", (nb) => {
    cell(nb, 0).attachments = { "a.png": { "image/png": "AAAA" } };
  });
  edit("markdown with outputs", (nb) => {
    cell(nb, 0).outputs = [];
  });
  edit("code without outputs", (nb) => {
    delete cell(nb, 1).outputs;
  });
  edit("code without execution_count", (nb) => {
    delete cell(nb, 1).execution_count;
  });
  edit("execution_count 1.5", (nb) => {
    cell(nb, 1).execution_count = 1.5;
  });
  edit("unknown cell type", (nb) => {
    cell(nb, 0).cell_type = "heading";
  });
  edit("cell without metadata", (nb) => {
    delete cell(nb, 0).metadata;
  });
  edit("cell metadata a list", (nb) => {
    cell(nb, 0).metadata = [];
  });
  edit("cells not a list", (nb) => {
    nb.cells = {};
  });
  edit("no cells", (nb) => {
    nb.cells = [];
  });
  edit("output a number", (nb) => {
    (cell(nb, 1).outputs as Json[]).push(1);
  });
  edit("output null", (nb) => {
    (cell(nb, 1).outputs as Json[]).push(null);
  });
  edit("output an empty dict", (nb) => {
    (cell(nb, 1).outputs as Json[]).push({});
  });
  edit("output type empty", (nb) => {
    (cell(nb, 1).outputs as Json[]).push({ output_type: "" });
  });
  edit("stream text with a number", (nb) => {
    (cell(nb, 1).outputs as Json[]).push({ name: "stdout", output_type: "stream", text: ["a", 1] });
  });
  edit("display data as a list", (nb) => {
    (cell(nb, 1).outputs as Json[]).push({ data: [], metadata: {}, output_type: "display_data" });
  });
  edit("unknown output type", (nb) => {
    (cell(nb, 1).outputs as Json[]).push({ output_type: "custom", text: 3 });
  });
  edit("metadata a.b to pop", (nb) => {
    meta(nb, 1)["a.b"] = 1;
  });
  edit("control characters and escapes", (nb) => {
    cell(nb, 1).source = ['\u0000\u0007\b\t\u001f\u007f\\"/\n', "\u00a0é"];
    meta(nb, 1).text = "\f\v\u001c\u0085\u2029\r\n";
  });
  return out;
}

function variants(): [string, string][] {
  const base = render([]);
  return edits().map((one) => {
    const text = render([one]);
    // An edit whose anchor went missing would test the base notebook under another name.
    if (one.label !== "base" && text === base)
      throw new Error(`edit "${one.label}" changes nothing`);
    return [one.label, text];
  });
}

describe("hasLongDigitRun", () => {
  it("finds a run of more digits than Python reads, wherever it starts, and no shorter one", () => {
    for (let offset = 0; offset <= 4302; offset++) {
      const pad = "x".repeat(offset);
      expect(hasLongDigitRun(`${pad}${"7".repeat(4301)}x`), `at ${offset}`).toBe(true);
      expect(hasLongDigitRun(`${pad}${"7".repeat(4300)}x${"7".repeat(4300)}`), `at ${offset}`).toBe(
        false,
      );
    }
    expect(hasLongDigitRun("7".repeat(4301))).toBe(true);
    expect(hasLongDigitRun("")).toBe(false);
  });
});

describe("plain v4 fast path agrees with the exact path", () => {
  it("on every fixture and corpus notebook, under every option set", () => {
    const files = [
      ...notebookFiles(NOTEBOOK_FIXTURES),
      ...notebookFiles(join(CORPUS_DIR, "notebooks")),
    ];
    expect(files.length).toBeGreaterThan(20);
    let fast = 0;
    let total = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const name of Object.keys(OPTION_SETS)) {
        total++;
        if (compare(text, settingsFor(name), `${file} [${name}]`).fast) fast++;
      }
    }
    // Not a dead path: it answers for a good share of real notebooks.
    expect(fast).toBeGreaterThan(total / 5);
  });

  it("on variants at each edge of its rules, under every option set and both line breaks", () => {
    const answered = new Set<string>();
    for (const [label, text] of variants()) {
      for (const name of Object.keys(OPTION_SETS)) {
        for (const newline of ["\n", "\r\n"]) {
          if (compare(text, settingsFor(name, newline), `${label} [${name}]`).fast) {
            answered.add(label);
          }
        }
      }
    }
    // The fast path must take the ordinary cases...
    for (const label of [
      "base",
      "clean already",
      "only trusted and signature to drop",
      "unsorted root and cell keys",
      "unsorted metadata",
      "astral vs BMP private-use key order",
      "float 0.1 and 123.456",
      "int -0",
      "1.0 inside an output only",
      "integer of 4,300 digits in an output",
      "1.0, 1e400 and 17 digits as an output's numbers",
      "\\u0000 in an output",
      "an array in an output closed at a cell key's indent",
      "CRLF text",
      "compact text",
      "source as a string",
      "source's last line ends with a break",
      "source an empty list",
      "source lines ending in CRLF",
      "source line holding U+0000",
      "minor 4 without ids",
      "minor 6",
      "orig_nbformat",
      "control characters and escapes",
      "paired surrogate escape",
      "lone surrogate escape",
      "upper-case surrogate escape",
    ]) {
      expect(answered, label).toContain(label);
    }
    // ...and leave the rest to the exact path.
    for (const label of [
      "digit key",
      "__proto__ key",
      "float 1e-07",
      "float 1.0 literal",
      "float 1e400",
      "source line with two breaks",
      "source lines without breaks",
      "source with an empty line item",
      "source line with a form feed",
      "source line ending in U+0000 after a break",
      "a break too many in one cell and one too few in another",
      "a break inside a last line and one missing elsewhere",
      "id missing at 4.5",
      "duplicate ids",
      "cell keep_output",
      "keep_output tag",
      "init_cell",
      "attachments",
      "output an empty dict",
      "output null",
      "deeper than Python's limit in an output",
      "integer of 4,301 digits in an output",
      "outputs key at a cell key's indent in the notebook's metadata",
      "outputs twice in a cell",
      "a code cell's own [\"\\u0000\"] outputs and outputs at a cell key's indent elsewhere",
      "a code cell's own [\"\\u0000\"] outputs after outputs at a cell key's indent in a cell's metadata",
    ]) {
      expect(answered, label).not.toContain(label);
    }
  });

  it("on 300 seeded combinations of two to four edits", () => {
    const all = edits();
    // Mostly edits the fast path takes alone, so that combinations of them reach it too.
    const taken = all.filter((one) => stripPlainV4(render([one]), DEFAULT_STRIP_OPTIONS, "\n"));
    let state = 20_261_124;
    const next = (n: number): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return (state >>> 8) % n;
    };
    const names = Object.keys(OPTION_SETS);
    let fast = 0;
    for (let round = 0; round < 300; round++) {
      const pick = (): Edit =>
        (next(4) === 0 ? all[next(all.length)] : taken[next(taken.length)]) as Edit;
      const chosen = Array.from({ length: 2 + next(3) }, pick);
      const label = chosen.map((one) => one.label).join(" + ");
      const name = names[next(names.length)] as string;
      if (compare(render(chosen), settingsFor(name), `${label} [${name}]`).fast) fast++;
    }
    expect(fast).toBeGreaterThan(60);
  });

  it("on the bench's 100 generated notebooks, answering for every one", async () => {
    // The bench's generator (plain JS): a path held in a variable, so tsc does not resolve it.
    const generator = new URL("../../../scripts/bench/notebooks.mjs", import.meta.url).href;
    const { prng, SEED, variedNotebook } = (await import(generator)) as {
      prng(seed: number): unknown;
      SEED: number;
      variedNotebook(rand: unknown, index: number): string;
    };
    const rand = prng(SEED);
    for (let i = 0; i < 100; i++) {
      const text = variedNotebook(rand, i);
      expect(compare(text, settingsFor("default"), `bench notebook ${i}`).fast).toBe(true);
    }
  });

  it("leaves kept outputs, dropped cells and Windows line breaks as the options say", () => {
    const text = JSON.stringify(baseNotebook(), null, 1);
    const strip = (options: Partial<StripOptions>, newline = "\n") =>
      stripPlainV4(text, { ...DEFAULT_STRIP_OPTIONS, ...options }, newline);
    expect(strip({})).not.toBeNull();
    expect(strip({ keepOutput: true })).toBeNull();
    expect(strip({ maxSize: 1 })).toBeNull();
    expect(strip({ keepOutputTypes: [{ type: "stream", name: null }] })).toBeNull();
    expect(strip({ dropOutputTypes: [{ type: "stream", name: null }] })).toBeNull();
    expect(strip({ dropEmptyCells: true })).toBeNull();
    expect(strip({ dropTaggedCells: ["doc"] })).toBeNull();
    expect(strip({}, "\r")).toBeNull();
    expect(strip({}, "\r\n")?.render()).toContain('{\r\n "cells": [\r\n');
  });
});
