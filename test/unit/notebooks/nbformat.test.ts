import { describe, expect, it } from "vitest";
import { parseMaxSize } from "../../../src/checks/notebooks/max-size.js";
import { readNotebook, writeNotebook } from "../../../src/checks/notebooks/nbformat.js";
import { parseJson } from "../../../src/checks/notebooks/parse.js";
import { stripZeppelin, writeZeppelin } from "../../../src/checks/notebooks/zeppelin.js";

const roundTrip = (json: unknown): string => {
  const nb = readNotebook(typeof json === "string" ? json : JSON.stringify(json));
  return writeNotebook(nb, "\n");
};

describe("readNotebook: versions", () => {
  it("treats a missing nbformat as v1, and 4.0 and true as versions", () => {
    expect(readNotebook('{"cells": []}').major).toBe(1);
    expect(readNotebook('{"cells": [], "metadata": {}, "nbformat": 4.0}').major).toBe(4);
    expect(readNotebook('{"cells": [], "nbformat": true}').major).toBe(1);
  });

  it.each([
    ['{"nbformat": 5}', "NBFormatError: Unsupported nbformat version 5"],
    ['{"nbformat": "4"}', "NBFormatError: Unsupported nbformat version 4"],
    ['{"nbformat": null}', "NBFormatError: Unsupported nbformat version None"],
    ["[]", "AttributeError: 'list' object has no attribute 'get'"],
    ['{"nbformat": 4, "metadata": {}}', "missing an expected key: cells"],
    [
      '{"nbformat": 4, "cells": [{"cell_type": "raw"}], "metadata": {}}',
      "missing an expected key: metadata",
    ],
    [
      '{"nbformat": 4, "cells": [{"cell_type": "raw", "metadata": {}, "source": ["a", 1]}], "metadata": {}}',
      "sequence item 1: expected str instance, int found",
    ],
  ])("refuses %s", (text, message) => {
    expect(() => readNotebook(text)).toThrow(message);
  });
});

describe("v4 rejoin and split", () => {
  it("joins sources with no separator and splits them at Python's line breaks", () => {
    const out = roundTrip({
      cells: [{ cell_type: "markdown", metadata: {}, source: ["a", "b\r", "c\x0bd"] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 4,
    });
    expect(JSON.parse(out).cells[0].source).toEqual(["ab\r", "c\x0b", "d"]);
  });

  it("splits text/* data, JavaScript and SVG; leaves JSON and images alone", () => {
    const out = roundTrip({
      cells: [
        {
          cell_type: "code",
          execution_count: null,
          metadata: {},
          outputs: [
            {
              data: {
                "application/json": ["a\n", "b"],
                "application/vnd.x+json": { k: ["x\n", "y"] },
                "image/png": ["AAA\n", "BBB"],
                "image/svg+xml": "<svg>\n</svg>",
                "text/html": "<b>\n</b>",
              },
              metadata: {},
              output_type: "display_data",
            },
            { name: "stdout", output_type: "stream", text: "0%\r50%\r100%\n" },
            { ename: "E", evalue: "v", output_type: "error", traceback: ["t1\n", "t2"] },
          ],
          source: "",
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 4,
    });
    const cell = JSON.parse(out).cells[0];
    expect(cell.source).toEqual([]);
    expect(cell.outputs[0].data).toEqual({
      "application/json": ["a\n", "b"],
      "application/vnd.x+json": { k: ["x\n", "y"] },
      "image/png": "AAA\nBBB",
      "image/svg+xml": ["<svg>\n", "</svg>"],
      "text/html": ["<b>\n", "</b>"],
    });
    expect(cell.outputs[1].text).toEqual(["0%\r", "50%\r", "100%\n"]);
    expect(cell.outputs[2].traceback).toEqual(["t1\n", "t2"]);
  });

  it("drops metadata.signature, orig_nbformat and cell trusted on read", () => {
    const nb = readNotebook(
      JSON.stringify({
        cells: [{ cell_type: "raw", metadata: { trusted: false }, source: "" }],
        metadata: { signature: "s", orig_nbformat: 3, orig_nbformat_minor: 1, keep: 1 },
        nbformat: 4,
        nbformat_minor: 4,
      }),
    );
    expect(JSON.parse(writeNotebook(nb, "\n"))).toEqual({
      cells: [{ cell_type: "raw", metadata: {}, source: [] }],
      metadata: { keep: 1 },
      nbformat: 4,
      nbformat_minor: 4,
    });
  });

  it("refuses to write what nbformat's writer cannot (a code cell without outputs)", () => {
    const nb = readNotebook(
      '{"cells": [{"cell_type": "code", "metadata": {}, "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}',
    );
    expect(() => writeNotebook(nb, "\n")).toThrow(/AttributeError: outputs/);
  });
});

describe("v2 and v3", () => {
  const v3 = (input: string[], text: string[]) => ({
    metadata: { name: "" },
    nbformat: 3,
    nbformat_minor: 0,
    worksheets: [
      {
        cells: [
          {
            cell_type: "code",
            input,
            language: "python",
            metadata: {},
            outputs: [{ output_type: "stream", stream: "stdout", text }],
          },
        ],
        metadata: {},
      },
    ],
  });

  it("v3 joins lines with '' after splitlines(True) and with '\\n' otherwise; escapes non-ASCII", () => {
    const cell = JSON.parse(roundTrip(v3(["a\n", "b"], ["x", "é"]))).worksheets[0].cells[0];
    expect(cell.input).toEqual(["a\n", "b"]);
    expect(cell.outputs[0].text).toEqual(["x\n", "é"]);
    expect(roundTrip(v3([], ["é"]))).toContain('"\\u00e9"');
  });

  it("v2 joins with '\\n' and splits without line ends", () => {
    const json = { ...v3(["def f():", "    pass", ""], []), nbformat: 2 };
    expect(JSON.parse(roundTrip(json)).worksheets[0].cells[0].input).toEqual([
      "def f():",
      "    pass",
    ]);
  });
});

describe("v1 (no nbformat key)", () => {
  it("writes indent 4, insertion order, ASCII", () => {
    expect(roundTrip('{"z": 1, "a": "é", "cells": []}')).toBe(
      '{\n    "z": 1,\n    "a": "\\u00e9",\n    "cells": []\n}\n',
    );
  });
});

describe("zeppelin", () => {
  it("empties results, keeps order, escapes non-ASCII, keeps 12.0", () => {
    const root = parseJson(
      '{"paragraphs": [{"text": "é", "results": {"code": "SUCCESS"}, "config": {"colWidth": 12.0}}, {"text": "b"}], "id": "x"}',
    );
    const result = stripZeppelin(root);
    expect(result.changed).toBe(true);
    expect(writeZeppelin(result.root, "\n")).toBe(
      '{\n  "paragraphs": [\n    {\n      "text": "\\u00e9",\n      "results": {},\n      "config": {\n        "colWidth": 12.0\n      }\n    },\n    {\n      "text": "b"\n    }\n  ],\n  "id": "x"\n}\n',
    );
    expect(stripZeppelin(result.root).changed).toBe(false);
  });

  it("needs paragraphs", () => {
    expect(() => stripZeppelin(parseJson("{}"))).toThrow("KeyError: 'paragraphs'");
  });
});

describe("parseMaxSize", () => {
  it.each([
    ["0", 0],
    ["50", 50],
    ["10k", 10_000],
    ["10K", 10_000],
    ["2M", 2_000_000],
    ["1g", 1_000_000_000],
    [" 7", 7],
    ["1_000", 1000],
    ["-1", -1],
  ])("%j → %d", (text, size) => {
    expect(parseMaxSize(text)).toBe(size);
  });

  it.each(["1KB", "", "1.5k", "5 ", "k", "1e3"])("refuses %j", (text) => {
    expect(() => parseMaxSize(text)).toThrow(/--max-size/);
  });
});
