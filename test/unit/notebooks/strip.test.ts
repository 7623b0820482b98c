import { describe, expect, it } from "vitest";
import { readNotebook, writeNotebook } from "../../../src/checks/notebooks/nbformat.js";
import {
  DEFAULT_STRIP_KEYS,
  DEFAULT_STRIP_OPTIONS,
  determineKeepOutput,
  notebookChanged,
  parseOutputType,
  type StripOptions,
  stripKeyList,
  stripOutput,
} from "../../../src/checks/notebooks/strip.js";
import type { PyDict } from "../../../src/checks/notebooks/value.js";

type Json = Record<string, unknown>;

const code = (extra: Json = {}): Json => ({
  cell_type: "code",
  execution_count: 3,
  metadata: {},
  outputs: [{ name: "stdout", output_type: "stream", text: ["hi\n"] }],
  source: "print('hi')",
  ...extra,
});

const notebook = (cells: Json[], metadata: Json = {}, minor = 4): string =>
  JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: minor });

/** Strip and return the result as plain JSON (as nbstripout would write it). */
function strip(text: string, options: Partial<StripOptions> = {}) {
  const nb = readNotebook(text);
  const result = stripOutput(nb, { ...DEFAULT_STRIP_OPTIONS, ...options });
  const written = writeNotebook({ root: result.root, major: nb.major, minor: nb.minor }, "\n");
  return {
    json: JSON.parse(written) as { cells: Json[]; metadata: Json },
    changed: notebookChanged(nb, result, options.keepId ?? false),
    warnings: result.warnings,
    stats: result.stats,
  };
}

const outputsOf = (cell: Json): unknown[] => cell.outputs as unknown[];

describe("stripOutput: the default", () => {
  it("removes outputs and counts, renumbers ids, pops the default keys", () => {
    const { json, changed } = strip(
      notebook(
        [
          code({
            id: "abc",
            metadata: { collapsed: true, scrolled: false, ExecuteTime: {}, tags: ["t"] },
          }),
        ],
        { signature: "x", widgets: {}, kernelspec: { name: "python3" } },
        5,
      ),
    );
    expect(changed).toBe(true);
    expect(json.cells[0]).toEqual({
      cell_type: "code",
      execution_count: null,
      id: "0",
      metadata: { tags: ["t"] },
      outputs: [],
      source: ["print('hi')"],
    });
    expect(json.metadata).toEqual({ kernelspec: { name: "python3" } });
  });

  it("does not mutate its input", () => {
    const nb = readNotebook(notebook([code()]));
    const before = JSON.stringify(writeNotebook(nb, "\n"));
    stripOutput(nb, DEFAULT_STRIP_OPTIONS);
    expect(JSON.stringify(writeNotebook(nb, "\n"))).toBe(before);
  });

  it("hands a clean notebook back as the very same tree, and copies only the cells it changes", () => {
    const clean = code({ execution_count: null, id: "0", outputs: [] });
    const cleanNb = readNotebook(notebook([clean, { ...clean, id: "1" }], {}, 5));
    const result = stripOutput(cleanNb, DEFAULT_STRIP_OPTIONS);
    expect(result.root).toBe(cleanNb.root);
    expect(notebookChanged(cleanNb, result, false)).toBe(false);

    const mixed = readNotebook(notebook([clean, code({ id: "1" })], {}, 5));
    const stripped = stripOutput(mixed, DEFAULT_STRIP_OPTIONS);
    const before = mixed.root.get("cells") as PyDict[];
    const after = stripped.root.get("cells") as PyDict[];
    expect(stripped.root).not.toBe(mixed.root);
    expect(after[0]).toBe(before[0]); // untouched: shared
    expect(after[1]).not.toBe(before[1]); // stripped: a copy
    expect(before[1]?.get("execution_count")).toBe(3); // the input is left as it was
    expect(notebookChanged(mixed, stripped, false)).toBe(true);
  });

  it("sees a notebook whose only dirt is `trusted` as unchanged (nbformat drops it on read)", () => {
    const text = notebook([
      code({ execution_count: null, outputs: [], metadata: { trusted: true } }),
    ]);
    expect(strip(text).changed).toBe(false);
  });

  it("lists the default keys nbstripout strips", () => {
    expect(DEFAULT_STRIP_KEYS).toContain("metadata.widgets");
    expect(stripKeyList(["metadata.a"], ["cell.metadata.scrolled", "metadata.a"])).toEqual(
      DEFAULT_STRIP_KEYS.filter((key) => key !== "cell.metadata.scrolled"),
    );
  });
});

describe("determineKeepOutput", () => {
  const cell = (metadata: Json | undefined): PyDict =>
    (
      readNotebook(
        notebook([
          metadata === undefined ? { cell_type: "raw", metadata: {} } : code({ metadata }),
        ]),
      ).root.get("cells") as PyDict[]
    )[0] as PyDict;

  it.each([
    [{}, null, false],
    [{}, true, true],
    [{ keep_output: true }, null, true],
    [{ keep_output: false }, true, false],
    [{ keep_output: [] }, true, false],
    [{ keep_output: {} }, true, false],
    [{ tags: ["keep_output"] }, null, true],
    [{ tags: "no_keep_output_here" }, null, true],
    [{ init_cell: true }, null, true],
    [{ init_cell: false, tags: ["keep_output"] }, true, false],
    [{ init_cell: true, keep_output: false }, null, true],
  ])("metadata %j, default %s → %s", (metadata, fallback, expected) => {
    expect(determineKeepOutput(cell(metadata), fallback, false)).toBe(expected);
  });

  it("--strip-init-cells strips init cells' outputs", () => {
    expect(determineKeepOutput(cell({ init_cell: true }), true, true)).toBe(false);
  });

  it("refuses keep_output false together with the keep_output tag", () => {
    expect(() =>
      determineKeepOutput(cell({ keep_output: false, tags: ["keep_output"] }), null, false),
    ).toThrow(
      "MetadataError: cell metadata contradicts tags: `keep_output` is false, but `keep_output` in tags",
    );
  });
});

describe("stripOutput: flags and their order", () => {
  it("reads the notebook's keep_output before popping metadata keys", () => {
    const { json } = strip(notebook([code()], { keep_output: 1 }), {
      stripKeys: [...DEFAULT_STRIP_KEYS, "metadata.keep_output"],
    });
    expect(outputsOf(json.cells[0] as Json)).toHaveLength(1);
    expect(json.metadata).toEqual({});
  });

  it("decides keep_output before popping cell keys (the tag still counts)", () => {
    const { json } = strip(notebook([code({ metadata: { tags: ["keep_output"] } })]), {
      stripKeys: [...DEFAULT_STRIP_KEYS, "cell.metadata.tags"],
    });
    expect(outputsOf(json.cells[0] as Json)).toHaveLength(1);
    expect((json.cells[0] as Json).metadata).toEqual({});
  });

  it("pops keys that contain dots, whole path first", () => {
    const { json } = strip(
      notebook([
        code({ metadata: { "application/vnd.databricks.v1+cell": { a: 1 }, b: { c: 1, d: 2 } } }),
      ]),
      { stripKeys: ["cell.metadata.application/vnd.databricks.v1+cell", "cell.metadata.b.c"] },
    );
    expect((json.cells[0] as Json).metadata).toEqual({ b: { d: 2 } });
  });

  it("warns about extra keys outside metadata./cell.", () => {
    expect(
      strip(notebook([]), { stripKeys: ["invalid", "foo.bar", "metadata.x"] }).warnings,
    ).toEqual(["Ignoring invalid extra key `invalid`", "Ignoring invalid extra key `foo.bar`"]);
  });

  it("--keep-count keeps counts in cells and in kept outputs", () => {
    const result = code({
      outputs: [
        {
          data: { "text/plain": "1" },
          execution_count: 3,
          metadata: {},
          output_type: "execute_result",
        },
      ],
    });
    const { json } = strip(notebook([result]), { keepCount: true, keepOutput: true });
    expect((json.cells[0] as Json).execution_count).toBe(3);
    expect((outputsOf(json.cells[0] as Json)[0] as Json).execution_count).toBe(3);
    const stripped = strip(notebook([result]), { keepOutput: true }).json;
    expect((outputsOf(stripped.cells[0] as Json)[0] as Json).execution_count).toBe(null);
  });

  it("--drop-empty-cells uses Python's whitespace", () => {
    const cells = [
      code({ source: " \n\t\u3000\x1c" }),
      code({ source: "\u200b" }),
      { cell_type: "markdown", metadata: {}, source: [] },
      { cell_type: "markdown", metadata: {} },
      code({ source: "x" }),
    ];
    const { json, stats } = strip(notebook(cells), { dropEmptyCells: true });
    expect(json.cells.map((c) => c.source)).toEqual([["\u200b"], ["x"]]);
    expect(stats.cellsDropped).toBe(3);
  });

  it("--drop-tagged-cells drops cells with any listed tag and renumbers ids after", () => {
    const cells = [
      code({ id: "a", metadata: { tags: ["solution"] } }),
      code({ id: "b", metadata: { tags: ["hint", "x"] } }),
      code({ id: "c", metadata: {} }),
    ];
    const { json } = strip(notebook(cells, {}, 5), { dropTaggedCells: ["solution", "hint"] });
    expect(json.cells.map((c) => c.id)).toEqual(["0"]);
  });

  it("--max-size keeps small outputs of stripped cells", () => {
    const cell = code({
      outputs: [
        { name: "stdout", output_type: "stream", text: ["12345"] }, // 6 + 6 + 5 = 17
        { name: "stdout", output_type: "stream", text: ["123456"] }, // 18
      ],
    });
    expect(outputsOf(strip(notebook([cell]), { maxSize: 17 }).json.cells[0] as Json)).toHaveLength(
      1,
    );
    expect(outputsOf(strip(notebook([cell]), { maxSize: 18 }).json.cells[0] as Json)).toHaveLength(
      2,
    );
  });

  it("--keep-output-type keeps matching outputs, also filtering kept cells", () => {
    const cell = code({
      outputs: [
        { name: "stdout", output_type: "stream", text: "a" },
        { name: "stderr", output_type: "stream", text: "b" },
        { ename: "E", evalue: "", output_type: "error", traceback: [] },
      ],
    });
    const types = [parseOutputType("stream:stderr"), parseOutputType("error")];
    const kept = strip(notebook([cell]), { keepOutputTypes: types }).json;
    expect(outputsOf(kept.cells[0] as Json).map((o) => (o as Json).output_type)).toEqual([
      "stream",
      "error",
    ]);
    const keepAll = strip(notebook([cell]), {
      keepOutput: true,
      keepOutputTypes: [parseOutputType("error")],
    }).json;
    expect(outputsOf(keepAll.cells[0] as Json)).toHaveLength(1);
  });

  it("--drop-output-type removes matching outputs from kept cells", () => {
    const cell = code({
      outputs: [
        { name: "stdout", output_type: "stream", text: "a" },
        { name: "stderr", output_type: "stream", text: "b" },
      ],
    });
    const { json } = strip(notebook([cell]), {
      keepOutput: true,
      dropOutputTypes: [parseOutputType("stream:stderr")],
    });
    expect(outputsOf(json.cells[0] as Json)).toEqual([
      { name: "stdout", output_type: "stream", text: ["a"] },
    ]);
  });

  it("parses output types like nbstripout", () => {
    expect(parseOutputType("stream")).toEqual({ type: "stream", name: null });
    expect(parseOutputType("stream:")).toEqual({ type: "stream", name: "" });
    expect(() => parseOutputType("a:b:c")).toThrow(/not an output type/);
  });
});

describe("cell ids (nbformat >= 4.5)", () => {
  const cells = [code(), code({ id: "1" }), code({ id: "1" })];

  it("missing or duplicate ids count as a change and are renumbered", () => {
    const { json, changed } = strip(
      notebook(
        cells.map((c) => ({ ...c, execution_count: null, outputs: [] })),
        {},
        5,
      ),
    );
    expect(changed).toBe(true);
    expect(json.cells.map((c) => c.id)).toEqual(["0", "1", "2"]);
  });

  it("--keep-id keeps them, with deterministic repairs instead of random ones", () => {
    const clean = cells.map((c) => ({ ...c, execution_count: null, outputs: [] }));
    const { json, changed } = strip(notebook(clean, {}, 5), { keepId: true });
    expect(changed).toBe(false);
    expect(json.cells.map((c) => c.id)).toEqual(["0", "1", "2"]);
  });

  it("ids in older minors are renumbered without complaint", () => {
    const { json } = strip(notebook([code({ id: "x" }), code()], {}, 4));
    expect(json.cells.map((c) => c.id)).toEqual(["0", undefined]);
  });
});
