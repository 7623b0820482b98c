import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/errors.js";
import { parseArgs } from "../../../src/cli/parse-args.js";
import type { HookSpec } from "../../../src/cli/spec.js";

const spec: HookSpec = {
  id: "demo",
  summary: "demo hook",
  fixer: true,
  options: [
    { name: "maxkb", kind: "integer", description: "limit" },
    { name: "textconv", short: "t", kind: "boolean", description: "to stdout" },
    { name: "force", short: "f", kind: "boolean", description: "any name" },
    {
      name: "mode",
      short: "m",
      kind: "string",
      choices: ["jupyter", "zeppelin"],
      description: "mode",
    },
    {
      name: "keep-type",
      kind: "list",
      variadic: true,
      description: "types",
      isValue: (a) => !a.endsWith(".ipynb"),
    },
  ],
};

describe("parseArgs", () => {
  it("reads --name value, --name=value and positionals in order", () => {
    const parsed = parseArgs(spec, ["a.bin", "--maxkb", "10", "b.bin", "--format=json"]);
    expect(parsed.values.maxkb).toBe(10);
    expect(parsed.values.format).toBe("json");
    expect(parsed.files).toEqual(["a.bin", "b.bin"]);
    expect([...parsed.given].sort()).toEqual(["format", "maxkb"]);
  });

  it("accepts repeated list options and the shared --exclude", () => {
    const parsed = parseArgs(spec, ["--exclude", "*.md", "--exclude=docs/**"]);
    expect(parsed.values.exclude).toEqual(["*.md", "docs/**"]);
  });

  it("combines short booleans and takes short values", () => {
    const parsed = parseArgs(spec, ["-tf", "-m", "zeppelin", "x.zpln"]);
    expect(parsed.values).toMatchObject({ textconv: true, force: true, mode: "zeppelin" });
    expect(parsed.files).toEqual(["x.zpln"]);
  });

  it("treats - as a positional and everything after -- as files", () => {
    const parsed = parseArgs(spec, ["-", "--", "--not-a-flag"]);
    expect(parsed.files).toEqual(["-", "--not-a-flag"]);
  });

  it("lets a variadic option take values up to the next dash argument or a file name", () => {
    expect(
      parseArgs(spec, ["--keep-type", "stream", "display_data", "-"]).values["keep-type"],
    ).toEqual(["stream", "display_data"]);
    const parsed = parseArgs(spec, ["--keep-type", "stream", "nb.ipynb"]);
    expect(parsed.values["keep-type"]).toEqual(["stream"]);
    expect(parsed.files).toEqual(["nb.ipynb"]);
  });

  it.each([
    [["--bogus"], /unknown option --bogus/],
    [["--max"], /unknown option --max /], // no abbreviations
    [["--maxkb"], /--maxkb needs a value/],
    [["--maxkb", "ten"], /whole number/],
    [["--mode", "vim"], /must be one of jupyter, zeppelin/],
    [["--force=yes"], /takes no value/],
    [["-z"], /unknown option -z/],
  ])("rejects %j with a one-line usage error", (argv, message) => {
    expect(() => parseArgs(spec, argv)).toThrow(UsageError);
    expect(() => parseArgs(spec, argv)).toThrow(message);
  });

  it("adds --fix only to fixers", () => {
    expect(parseArgs(spec, ["--fix"]).values.fix).toBe(true);
    expect(() => parseArgs({ ...spec, fixer: false }, ["--fix"])).toThrow(/unknown option --fix/);
  });
});
