import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeOutputKey } from "../../../src/checks/notebooks/output-keys.js";
import { processNotebook } from "../../../src/checks/notebooks/process.js";
import { DEFAULT_STRIP_OPTIONS, type StripOptions } from "../../../src/checks/notebooks/strip.js";

type Json = Record<string, unknown>;

/** A throwaway key, made now: the project holds no key. As nbformat stores text: line by line. */
const keyLines = (): string[] => {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 1024,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return privateKey.split(/(?<=\n)/);
};

const stream = (text: string[]): Json => ({ name: "stdout", output_type: "stream", text });
const code = (
  outputs: Json[],
  metadata: Json = {},
  source: unknown = "!cat ~/.ssh/id_rsa",
): Json => ({
  cell_type: "code",
  execution_count: 1,
  metadata,
  outputs,
  source,
});
const v4 = (cells: Json[], metadata: Json = {}): string =>
  JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 4 });

const keysOf = (text: string, strip: Partial<StripOptions> = {}) =>
  processNotebook(text, {
    mode: "jupyter",
    strip: { ...DEFAULT_STRIP_OPTIONS, ...strip },
    newline: "\n",
  }).keys;

describe("private keys in the outputs a stripped notebook keeps", () => {
  it("a key printed in a keep_output cell, split over nbformat's lines, is found whole", () => {
    const found = keysOf(
      v4([
        code([stream(["ok\n"])]),
        code([stream(["$ cat id_rsa\n", ...keyLines()])], { keep_output: true }),
      ]),
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.cell).toBe(1);
    expect(found[0]?.output).toBe(0);
    expect(describeOutputKey(found[0] as (typeof found)[0])).toMatch(
      /^cell 1, output 0 keeps a private key \(RSA PEM: -----BEGIN RSA PRIVATE KEY----- MI.{2}…\)$/,
    );
  });

  it("an output that is stripped takes its key with it: nothing to report", () => {
    expect(keysOf(v4([code([stream(keyLines())])]))).toEqual([]);
  });

  it("kept by --keep-output, by --keep-output-type, or small enough for --max-size", () => {
    const text = v4([code([stream(keyLines())])]);
    expect(keysOf(text, { keepOutput: true })).toHaveLength(1);
    expect(keysOf(text, { keepOutputTypes: [{ type: "stream", name: null }] })).toHaveLength(1);
    expect(keysOf(text, { maxSize: 100_000 })).toHaveLength(1);
    expect(keysOf(text, { maxSize: 10 })).toEqual([]);
  });

  it("in a result's text/plain, an error's traceback, and a notebook-level keep_output", () => {
    const key = keyLines();
    const result: Json = {
      data: { "text/plain": key },
      execution_count: 1,
      metadata: {},
      output_type: "execute_result",
    };
    const error: Json = {
      ename: "E",
      evalue: "x",
      output_type: "error",
      traceback: [key.join("")],
    };
    const found = keysOf(v4([code([result, error])], { keep_output: true }));
    expect(found.map((f) => [f.cell, f.output])).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it("a key in a cell's source is not an output (the secret hooks' job)", () => {
    expect(keysOf(v4([code([], { keep_output: true }, keyLines())]))).toEqual([]);
  });

  it("in a v3 notebook's worksheets", () => {
    const text = JSON.stringify({
      metadata: {},
      nbformat: 3,
      nbformat_minor: 0,
      worksheets: [
        {
          cells: [
            {
              cell_type: "code",
              input: "x",
              language: "python",
              metadata: { keep_output: true },
              outputs: [{ output_type: "stream", stream: "stdout", text: keyLines() }],
            },
          ],
        },
      ],
    });
    expect(keysOf(text)).toHaveLength(1);
  });
});
