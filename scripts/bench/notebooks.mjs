// Jupyter notebooks for the strip-notebook part of `npm run bench`, generated at bench time in a
// temp folder (never committed) from a fixed seed, so every run strips the same bytes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SEED = 20_240_914;

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (items) => items[Math.floor(next() * items.length)];
  return next;
}

const WORDS = (
  "loss accuracy epoch batch model train valid test data frame tensor gradient weight bias " +
  "layer dropout optimizer adam sgd learning rate schedule metric precision recall score " +
  "feature label sample split shuffle seed config checkpoint embedding token sequence"
).split(" ");

function words(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(rand.pick(WORDS));
  return out.join(" ");
}

/** Multi-line text as nbformat stores it on disk: a list of lines, each but the last ending "\n". */
function lines(list) {
  return list.map((line, i) => (i < list.length - 1 ? `${line}\n` : line));
}

function codeSource(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      rand() < 0.2
        ? `# ${words(rand, 4)}`
        : `${rand.pick(WORDS)}_${rand.int(100)} = ${rand.pick(WORDS)}(${rand.pick(WORDS)}, lr=${(rand() / 10).toFixed(4)})`,
    );
  }
  return lines(out);
}

/** Incompressible bytes behind a PNG signature, base64 as Jupyter writes it (one string, "\n"). */
function pngBase64(rand, bytes) {
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buffer[i] = rand.int(256);
  buffer.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return `${buffer.toString("base64")}\n`;
}

function stream(rand, n, name = "stdout") {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      `epoch ${i} ${words(rand, 2)}: loss=${rand().toFixed(6)} acc=${rand().toFixed(4)} lr=${(rand() / 100).toExponential(3)}`,
    );
  }
  return { name, output_type: "stream", text: lines([...out, ""]).slice(0, -1) };
}

function executeResult(rand, count, n, html = false) {
  const text = [];
  for (let i = 0; i < n; i++) text.push(`${i}  ${words(rand, 3)}  ${rand().toFixed(6)}`);
  const data = { "text/plain": lines(text) };
  if (html)
    data["text/html"] = lines([
      "<table>",
      ...text.map((t) => `<tr><td>${t}</td></tr>`),
      "</table>",
    ]);
  return { data, execution_count: count, metadata: {}, output_type: "execute_result" };
}

function displayImage(rand, bytes) {
  return {
    data: {
      "image/png": pngBase64(rand, bytes),
      "text/plain": ["<Figure size 640x480 with 1 Axes>"],
    },
    metadata: { needs_background: "light" },
    output_type: "display_data",
  };
}

function errorOutput(rand) {
  return {
    ename: "ValueError",
    evalue: words(rand, 4),
    output_type: "error",
    traceback: [
      "\u001b[0;31m---------------------------------------------------------------------------\u001b[0m",
      `\u001b[0;31mValueError\u001b[0m: ${words(rand, 4)}`,
    ],
  };
}

let idCounter = 0;
const cellId = (rand) =>
  `${(rand() * 2 ** 32).toString(16).padStart(8, "0").slice(0, 8)}-${idCounter++}`;

function notebook(cells, rand) {
  return {
    cells,
    metadata: {
      kernelspec: { display_name: "Python 3 (ipykernel)", language: "python", name: "python3" },
      language_info: {
        codemirror_mode: { name: "ipython", version: 3 },
        file_extension: ".py",
        mimetype: "text/x-python",
        name: "python",
        nbconvert_exporter: "python",
        pygments_lexer: "ipython3",
        version: "3.11.4",
      },
      widgets: {
        "application/vnd.jupyter.widget-state+json": {
          state: {},
          version_major: 2,
          version_minor: 0,
        },
      },
      signature: `sha256:${Math.floor(rand() * 1e15).toString(16)}`,
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** A cell's volatile metadata, the kind nbstripout strips by default. */
function volatileMeta(rand) {
  const meta = {};
  if (rand() < 0.5) meta.collapsed = rand() < 0.5;
  if (rand() < 0.4) meta.scrolled = true;
  if (rand() < 0.5) {
    meta.ExecuteTime = {
      end_time: "2024-09-14T10:00:01.000Z",
      start_time: "2024-09-14T10:00:00.000Z",
    };
  }
  if (rand() < 0.3) meta.tags = ["parameters"];
  return meta;
}

function codeCell(rand, count, outputs, sourceLines = 1 + rand.int(8)) {
  return {
    cell_type: "code",
    execution_count: count,
    id: cellId(rand),
    metadata: volatileMeta(rand),
    outputs,
    source: codeSource(rand, sourceLines),
  };
}

function markdownCell(rand) {
  return {
    cell_type: "markdown",
    id: cellId(rand),
    metadata: {},
    source: lines([`## ${words(rand, 3)}`, "", words(rand, 12 + rand.int(20))]),
  };
}

/** Jupyter's own layout: indent 1, a final newline. */
const serialize = (nb) => `${JSON.stringify(nb, null, 1)}\n`;

/** ~2 KB: two code cells with outputs and counts, a markdown cell, notebook metadata. */
export function smallNotebook(rand) {
  const cells = [
    markdownCell(rand),
    codeCell(rand, 1, [stream(rand, 4)], 3),
    codeCell(rand, 2, [executeResult(rand, 2, 4)], 2),
  ];
  return serialize(notebook(cells, rand));
}

/** A varied working notebook: 4-24 cells; stream, results, errors, and now and then a plot. */
export function variedNotebook(rand, index) {
  const cells = [];
  const n = 4 + rand.int(21);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (rand() < 0.25) {
      cells.push(markdownCell(rand));
      continue;
    }
    const outputs = [];
    if (rand() < 0.5)
      outputs.push(stream(rand, 1 + rand.int(12), rand() < 0.1 ? "stderr" : "stdout"));
    if (rand() < 0.5) outputs.push(executeResult(rand, count + 1, 1 + rand.int(10), rand() < 0.3));
    if (index % 4 === 0 && rand() < 0.15)
      outputs.push(displayImage(rand, 4_000 + rand.int(40_000)));
    if (rand() < 0.03) outputs.push(errorOutput(rand));
    const executed = outputs.length > 0 || rand() < 0.5;
    cells.push(codeCell(rand, executed ? ++count : null, outputs));
  }
  return serialize(notebook(cells, rand));
}

/** ~`bytes` in a few cells, each with a large base64 PNG display_data output. */
export function imageHeavyNotebook(rand, bytes) {
  const cells = [];
  const images = 10;
  for (let i = 0; i < images; i++) {
    cells.push(markdownCell(rand));
    cells.push(codeCell(rand, i + 1, [displayImage(rand, Math.floor((bytes * 0.75) / images))], 4));
  }
  return serialize(notebook(cells, rand));
}

/** `cells` code cells, each with a stream and an execute_result output: many small strings. */
export function textHeavyNotebook(rand, cells, bytes) {
  const list = [];
  // ~5 KB a cell for 4,000 cells in 20 MB: ~40 stream lines, ~12 result lines (pretty-printed).
  const per = bytes / cells;
  const streamLines = Math.max(1, Math.round(per / 100));
  const resultLines = Math.max(1, Math.round(per / 320));
  for (let i = 0; i < cells; i++) {
    list.push(
      codeCell(
        rand,
        i + 1,
        [stream(rand, streamLines), executeResult(rand, i + 1, resultLines)],
        3,
      ),
    );
  }
  return serialize(notebook(list, rand));
}

/**
 * Everything the strip-notebook scenarios read, in `dir`: small.ipynb, dirty/ (100), pristine/
 * (the 100 again, the source of each in-place reset), image.ipynb and text.ipynb (~20 MB each,
 * with pristine copies). The clean set is made by the caller with our own binary.
 */
export function writeNotebooks(dir, { count = 100, bigBytes = 20 * 1024 * 1024 } = {}) {
  idCounter = 0;
  const rand = prng(SEED);
  for (const sub of ["dirty", "pristine", "clean"]) mkdirSync(join(dir, sub), { recursive: true });
  const small = join(dir, "small.ipynb");
  writeFileSync(small, smallNotebook(rand));
  const names = [];
  for (let i = 0; i < count; i++) {
    const name = `nb${String(i).padStart(3, "0")}.ipynb`;
    const content = variedNotebook(rand, i);
    writeFileSync(join(dir, "pristine", name), content);
    writeFileSync(join(dir, "dirty", name), content);
    writeFileSync(join(dir, "clean", name), content);
    names.push(name);
  }
  const big = {};
  for (const [key, make] of [
    ["image", () => imageHeavyNotebook(rand, bigBytes)],
    ["text", () => textHeavyNotebook(rand, 4000, bigBytes)],
  ]) {
    const content = make();
    const file = join(dir, `${key}.ipynb`);
    writeFileSync(file, content);
    writeFileSync(join(dir, `${key}.pristine.ipynb`), content);
    big[key] = {
      file,
      pristine: join(dir, `${key}.pristine.ipynb`),
      bytes: Buffer.byteLength(content),
    };
  }
  return { dir, small, names, big };
}
