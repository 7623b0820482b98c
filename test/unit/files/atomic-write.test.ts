import {
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ChangedSinceReadError,
  prepareReplacement,
  replaceFileContent,
} from "../../../src/files/atomic-write.js";

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

describe("prepareReplacement: the checks and the temp file now, the file itself at commit", () => {
  const temps = (): string[] => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

  it("leaves the file as it is until commit, then replaces it", async () => {
    const file = fileWith("old");
    const pending = prepareReplacement(file, Buffer.from("new"), statSync(file));
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(temps()).toHaveLength(1);
    await pending.commit();
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(temps()).toEqual([]);
  });

  it("removes its temp file on discard and never touches the file", () => {
    const file = fileWith("old");
    prepareReplacement(file, Buffer.from("new"), statSync(file)).discard();
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(temps()).toEqual([]);
  });

  it("throws at once for a file saved since it was read", () => {
    const file = fileWith("old");
    const readAs = statSync(file);
    writeFileSync(file, "saved by an editor");
    expect(() => prepareReplacement(file, Buffer.from("new"), readAs)).toThrow(
      ChangedSinceReadError,
    );
    expect(temps()).toEqual([]);
  });

  it("rejects when the rename fails, leaving the file as it was", async () => {
    const file = fileWith("old");
    const pending = prepareReplacement(file, Buffer.from("new"), statSync(file));
    for (const temp of temps()) unlinkSync(join(dir, temp)); // the rename now has nothing to move
    await expect(pending.commit()).rejects.toMatchObject({ code: "ENOENT" });
    expect(readFileSync(file, "utf8")).toBe("old");
  });

  it("writes a hard-linked file in place at commit, so both names see the new content", async () => {
    const file = fileWith("old");
    linkSync(file, join(dir, "other-name.ipynb"));
    const pending = prepareReplacement(file, Buffer.from("new"), statSync(file));
    expect(readFileSync(file, "utf8")).toBe("old");
    await pending.commit();
    expect(readFileSync(join(dir, "other-name.ipynb"), "utf8")).toBe("new");
  });
});
