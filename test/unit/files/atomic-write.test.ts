import {
  chmodSync,
  chownSync,
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
  replaceFileContent,
  replaceFileContentSoon,
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

describe("replaceFileContentSoon: checks and temp file at once, the rename on the thread pool", () => {
  const temps = (): string[] => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

  it("replaces the file once the promise settles, leaving no temp file", async () => {
    const file = fileWith("old");
    const written = replaceFileContentSoon(file, Buffer.from("new"), statSync(file));
    await written;
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(temps()).toEqual([]);
  });

  it("throws at once for a file saved since it was read, and makes no temp file", () => {
    const file = fileWith("old");
    const readAs = statSync(file);
    writeFileSync(file, "saved by an editor");
    expect(() => replaceFileContentSoon(file, Buffer.from("new"), readAs)).toThrow(
      ChangedSinceReadError,
    );
    expect(temps()).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("saved by an editor");
  });

  it("writes a hard-linked file in place, so both names see the new content", async () => {
    const file = fileWith("old");
    linkSync(file, join(dir, "other-name.ipynb"));
    await replaceFileContentSoon(file, Buffer.from("new"), statSync(file));
    expect(readFileSync(join(dir, "other-name.ipynb"), "utf8")).toBe("new");
    expect(temps()).toEqual([]);
  });
});

describe("each replaced file keeps its mode and owner (learned once per folder, then skipped)", () => {
  // Several files a folder, so that the rules learned from the first temp file are used.
  const MODES = [0o644, 0o640, 0o755, 0o600, 0o666, 0o777, 0o4755, 0o2750, 0o400];

  it.each([0o022, 0o077, 0o000, 0o027])("under umask %o", (mask) => {
    dir = mkdtempSync(join(tmpdir(), "mlh-modes-"));
    const previous = process.umask(mask);
    try {
      const files = MODES.map((mode, i) => {
        const file = join(dir, `nb${i}.ipynb`);
        writeFileSync(file, "{}");
        chmodSync(file, mode);
        return file;
      });
      for (const file of files) replaceFileContent(file, Buffer.from("[]"));
      files.forEach((file, i) => {
        expect((statSync(file).mode & 0o7777).toString(8), file).toBe(
          (MODES[i] as number).toString(8),
        );
        expect(readFileSync(file, "utf8")).toBe("[]");
      });
    } finally {
      process.umask(previous);
    }
  });

  it.skipIf(process.getuid?.() !== 0)("as root, owners and groups too, setuid bits kept", () => {
    dir = mkdtempSync(join(tmpdir(), "mlh-owners-"));
    // chown clears setuid and setgid bits, root's too: the mode must be given after the owner.
    const owners: [number, number, number][] = [
      [0, 0, 0o644],
      [1234, 5678, 0o4755],
      [0, 5678, 0o2755],
      [1234, 0, 0o6755],
      [0, 0, 0o4755],
      [1234, 5678, 0o644],
    ];
    const files = owners.map(([uid, gid, mode], i) => {
      const file = join(dir, `nb${i}.ipynb`);
      writeFileSync(file, "{}");
      chownSync(file, uid, gid);
      chmodSync(file, mode);
      return file;
    });
    for (const file of files) replaceFileContent(file, Buffer.from("[]"));
    files.forEach((file, i) => {
      const { uid, gid, mode } = statSync(file);
      expect([uid, gid, (mode & 0o7777).toString(8)], file).toEqual([
        owners[i]?.[0],
        owners[i]?.[1],
        owners[i]?.[2].toString(8),
      ]);
    });
  });
});
