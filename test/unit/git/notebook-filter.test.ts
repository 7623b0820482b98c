import { describe, expect, it } from "vitest";
import {
  quoteForGit,
  withFilterLines,
  withoutFilterLines,
} from "../../../src/git/notebook-filter.js";

describe("attribute lines for the notebook filter", () => {
  it("adds both lines to an empty file", () => {
    expect(withFilterLines("")).toBe("*.ipynb filter=nbstripout\n*.ipynb diff=ipynb\n");
  });
  it("adds only what is missing and keeps the rest, fixing a missing final newline", () => {
    expect(withFilterLines("*.png binary\n*.ipynb filter=nbstripout")).toBe(
      "*.png binary\n*.ipynb filter=nbstripout\n*.ipynb diff=ipynb\n",
    );
  });
  it("is idempotent", () => {
    const once = withFilterLines("*.csv text\n");
    expect(withFilterLines(once)).toBe(once);
  });
  it("never adds a .zpln line (nbstripout's filter would parse Zeppelin notes as Jupyter)", () => {
    expect(withFilterLines("")).not.toContain("zpln");
  });
  it("removes every line nbstripout or we wrote, and nothing else", () => {
    const text =
      "*.png binary\n*.ipynb filter=nbstripout\n*.zpln filter=nbstripout\n*.ipynb diff=ipynb\n*.md text\n";
    expect(withoutFilterLines(text)).toBe("*.png binary\n*.md text\n");
  });
});

describe("quoteForGit", () => {
  it("double-quotes paths for the shell git runs filters with", () => {
    expect(quoteForGit("/usr/bin/node")).toBe('"/usr/bin/node"');
    expect(quoteForGit('/a b/"$x`')).toBe('"/a b/\\"\\$x\\`"');
  });
});
