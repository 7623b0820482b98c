import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, mergeOptions } from "../../../src/cli/config.js";
import type { HookSpec } from "../../../src/cli/spec.js";
import { tempDir } from "../../helpers/repo.js";

const spec: HookSpec = {
  id: "check-large-files",
  summary: "",
  options: [
    { name: "maxkb", kind: "integer", description: "" },
    { name: "enforce-all", kind: "boolean", description: "" },
  ],
};

let dir = "";
const withConfig = (text: string): string => {
  dir = tempDir();
  writeFileSync(join(dir, ".ml-hygiene.yaml"), text);
  return dir;
};
afterEach(() => {
  dir = "";
});

describe("loadConfig", () => {
  it("returns nothing when there is no file", async () => {
    expect(await loadConfig(tempDir(), spec)).toEqual({});
  });

  it("reads this hook's section and ignores other hooks' sections", async () => {
    const root = withConfig(
      "check-large-files:\n  maxkb: 2000\n  enforce-all: true\n  exclude: ['*.md']\nstrip-notebook:\n  keep-count: true\n",
    );
    expect(await loadConfig(root, spec)).toEqual({
      maxkb: 2000,
      "enforce-all": true,
      exclude: ["*.md"],
    });
  });

  it.each([
    ["check-large-files:\n  maxkb: [1\n", /\.ml-hygiene\.yaml:\d+: invalid YAML/],
    [
      "check-large-files:\n  maxkb: 1\n  bogus: 2\n",
      /\.ml-hygiene\.yaml:3: unknown setting "bogus"/,
    ],
    ["check-large-files:\n  maxkb: lots\n", /\.ml-hygiene\.yaml:2: "maxkb" must be a whole number/],
    ["check-large-files:\n  enforce-all: 1\n", /"enforce-all" must be true or false/],
    ["- a\n- b\n", /expected a mapping/],
    ["check-large-files:\n  maxkb: 1e30\n", /"maxkb" must be a whole number/],
    ["check-large-files:\n  ? [a]\n  : 1\n", /settings are option names/],
  ])("rejects malformed config %j with file and line", async (text, message) => {
    await expect(loadConfig(withConfig(text), spec)).rejects.toThrow(message);
  });
});

it("says a folder named .ml-hygiene.yaml must be a file", async () => {
  const root = tempDir();
  mkdirSync(join(root, ".ml-hygiene.yaml"));
  await expect(loadConfig(root, spec)).rejects.toThrow(/is a folder — it must be a YAML file/);
});

describe("mergeOptions", () => {
  it("lets flags win and adds lists up", () => {
    const merged = mergeOptions(
      spec,
      { maxkb: 100, exclude: ["a"] },
      { maxkb: 5, exclude: ["b"] },
      new Set(["maxkb", "exclude"]),
    );
    expect(merged).toEqual({ maxkb: 5, exclude: ["a", "b"] });
  });
  it("keeps config values the flags do not mention", () => {
    expect(mergeOptions(spec, { maxkb: 100 }, {}, new Set())).toEqual({ maxkb: 100 });
  });
});
