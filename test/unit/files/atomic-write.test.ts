import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChangedSinceReadError, replaceFileContent } from "../../../src/files/atomic-write.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fileWith = (content: string): string => {
  dir = mkdtempSync(join(tmpdir(), "mlh-atomic-"));
  const file = join(dir, "nb.ipynb");
  writeFileSync(file, content);
  return file;
};

describe("replaceFileContent with the stamp the file was read with", () => {
  it("replaces a file that still has it", () => {
    const file = fileWith("old");
    replaceFileContent(file, Buffer.from("new"), statSync(file));
    expect(readFileSync(file, "utf8")).toBe("new");
  });

  it("leaves a file saved since it was read alone", () => {
    const file = fileWith("old");
    const readAs = statSync(file);
    writeFileSync(file, "saved by an editor");
    expect(() => replaceFileContent(file, Buffer.from("new"), readAs)).toThrow(
      ChangedSinceReadError,
    );
    expect(readFileSync(file, "utf8")).toBe("saved by an editor");
  });

  it("does not bring back a file deleted since it was read", () => {
    const file = fileWith("old");
    const readAs = statSync(file);
    unlinkSync(file);
    expect(() => replaceFileContent(file, Buffer.from("new"), readAs)).toThrow(
      ChangedSinceReadError,
    );
    expect(() => statSync(file)).toThrow();
  });
});
