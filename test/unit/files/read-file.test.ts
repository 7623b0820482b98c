import { randomBytes } from "node:crypto";
import { fstatSync, mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openForRead, REUSED_BUFFER_LIMIT, readAndClose } from "../../../src/files/read-file.js";
import { tempDir } from "../../helpers/repo.js";

const dir = tempDir("mlh-read-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const fileWith = (content: Uint8Array): string => {
  const file = join(dir, `f${count++}`);
  writeFileSync(file, content);
  return file;
};
/** Read as the hook does, copying the bytes out before the next read can reuse them. */
const read = (path: string) => {
  const { bytes, reused } = readAndClose(openForRead(path));
  return { bytes: Buffer.from(bytes), reused };
};

describe("openForRead", () => {
  it("stamps the file through its descriptor: the same file and size as a stat by name", () => {
    const file = fileWith(Buffer.from("hello"));
    const opened = openForRead(file);
    const byName = statSync(file);
    expect([opened.stat.ino, opened.stat.dev, opened.stat.size]).toEqual([
      byName.ino,
      byName.dev,
      5,
    ]);
    readAndClose(opened);
  });

  it("throws ENOENT for a missing file", () => {
    expect(() => openForRead(join(dir, "missing"))).toThrow(
      expect.objectContaining({ code: "ENOENT" }),
    );
  });
});

describe("readAndClose", () => {
  it("reads files of every size exactly, shrinking and growing from one read to the next", () => {
    // Sizes on both sides of the reused buffer's first size and of the limit, in an order that
    // makes a reused buffer hold more than the next file.
    const sizes = [5000, 0, 1, 70_000, 3, 65_536, REUSED_BUFFER_LIMIT, REUSED_BUFFER_LIMIT + 1, 10];
    for (const size of sizes) {
      const content = randomBytes(size);
      const { bytes, reused } = read(fileWith(content));
      expect(bytes.equals(content), `size ${size}`).toBe(true);
      expect(reused, `size ${size}`).toBe(size > 0 && size <= REUSED_BUFFER_LIMIT);
    }
  });

  it("hands out one buffer again: bytes from the previous read are overwritten", () => {
    const first = readAndClose(openForRead(fileWith(Buffer.from("first"))));
    const kept = first.bytes;
    readAndClose(openForRead(fileWith(Buffer.from("other"))));
    expect(Buffer.from(kept).toString()).toBe("other");
  });

  it("gives a large file a buffer of its own", () => {
    const content = randomBytes(REUSED_BUFFER_LIMIT + 100);
    const first = readAndClose(openForRead(fileWith(content)));
    readAndClose(openForRead(fileWith(Buffer.from("small"))));
    expect(first.reused).toBe(false);
    expect(Buffer.from(first.bytes).equals(content)).toBe(true);
  });

  it("reads a file whose size says 0 to its end (procfs)", () => {
    const { bytes, reused } = read("/proc/self/status");
    expect(bytes.toString()).toMatch(/^Name:/);
    expect(reused).toBe(false);
  });

  it("reads a file that is not a regular one (a character device) to its end", () => {
    expect(read("/dev/null").bytes.length).toBe(0);
  });

  it("reads more than its first guess from a file of unknown size", () => {
    // /dev/zero never ends; a FIFO would block. A procfs file longer than 64 KiB is rare, so use
    // a regular file opened when empty and grown before it is read: its stamp says size 0.
    const file = fileWith(Buffer.alloc(0));
    const opened = openForRead(file);
    const content = randomBytes(200_000);
    writeFileSync(file, content);
    const { bytes, reused } = readAndClose(opened);
    expect(reused).toBe(false);
    expect(Buffer.from(bytes).equals(content)).toBe(true);
  });

  it("refuses a file over 2 GiB as readFileSync does, even one just over 4 GiB", () => {
    // Sparse: no disk space used. A read's length is cut to 32 bits, so a loop of reads would
    // take 4 GiB + 10 bytes for 10 bytes and call that the whole file.
    for (const size of [2 ** 31, 2 ** 32 + 10]) {
      const file = fileWith(Buffer.alloc(0));
      truncateSync(file, size);
      const opened = openForRead(file);
      expect(() => readAndClose(opened), String(size)).toThrow(
        expect.objectContaining({ code: "ERR_FS_FILE_TOO_LARGE" }),
      );
      expect(() => fstatSync(opened.fd)).toThrow(expect.objectContaining({ code: "EBADF" }));
      rmSync(file);
    }
  });

  it("fails with EISDIR on a folder and closes it", () => {
    const folder = join(dir, "folder");
    mkdirSync(folder);
    const opened = openForRead(folder);
    expect(() => readAndClose(opened)).toThrow(expect.objectContaining({ code: "EISDIR" }));
    expect(() => fstatSync(opened.fd)).toThrow(expect.objectContaining({ code: "EBADF" }));
  });

  it("closes the file after reading it", () => {
    const opened = openForRead(fileWith(Buffer.from("x")));
    readAndClose(opened);
    expect(() => fstatSync(opened.fd)).toThrow(expect.objectContaining({ code: "EBADF" }));
  });
});
