import { closeSync, fstatSync, openSync, readFileSync, readSync, type Stats } from "node:fs";

/** A file opened for reading, with its stat from the open descriptor, before any byte is read. */
export interface OpenedFile {
  readonly fd: number;
  readonly stat: Stats;
}

/**
 * Open a file and stat it through the descriptor: the stamp (size, mtime, inode) is the file's
 * as it was before reading, which a `stat` by name and then a `readFileSync` would take with
 * two more syscalls (a path lookup and an `fstat`).
 */
export function openForRead(path: string): OpenedFile {
  const fd = openSync(path, "r");
  try {
    return { fd, stat: fstatSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Files up to this size are read into one buffer kept from call to call. */
export const REUSED_BUFFER_LIMIT = 1024 * 1024;

let reusable: Buffer | null = null;

/**
 * Read an opened file to its end, then close it. A regular file of 1 byte to
 * REUSED_BUFFER_LIMIT is read into a buffer that the next call reuses, so the bytes are valid
 * only until then (`reused` says so): decode them first. A fresh buffer per notebook cost an
 * allocation, its page faults and a later sweep each, ~2 ms of 100 notebooks in place (paired
 * runs). Every other file (larger, empty by its size as procfs files are, not a regular file)
 * is read by `readFileSync` into a buffer of its own, which the caller may give back at once
 * (`releaseBytes`), with `readFileSync`'s limits (over 2 GiB: ERR_FS_FILE_TOO_LARGE).
 * A regular file is read up to the size it had when opened, as `readFileSync` does.
 */
export function readAndClose(file: OpenedFile): { bytes: Uint8Array; reused: boolean } {
  try {
    const { size } = file.stat;
    if (!file.stat.isFile() || size === 0 || size > REUSED_BUFFER_LIMIT) {
      return { bytes: readFileSync(file.fd), reused: false };
    }
    if (reusable === null || reusable.length < size) {
      reusable = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
    }
    let length = 0;
    while (length < size) {
      const count = readSync(file.fd, reusable, length, size - length, null);
      if (count === 0) break;
      length += count;
    }
    return { bytes: reusable.subarray(0, length), reused: true };
  } finally {
    closeSync(file.fd);
  }
}
