import { closeSync, fstatSync, openSync, readSync, type Stats } from "node:fs";

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
 * Read an opened file to its end, then close it. A regular file up to REUSED_BUFFER_LIMIT is
 * read into a buffer that the next call reuses, so the bytes are valid only until then (`reused`
 * says so): decode them first. A fresh buffer per notebook cost an allocation, its page faults
 * and a later sweep each, ~2 ms of 100 notebooks in place (paired runs). Larger files get a
 * buffer of their own, which the caller may give back at once (`releaseBytes`).
 * A regular file is read up to the size it had when opened, as `readFileSync` does; a file
 * that says it is empty (procfs) or is not a regular file is read until its end.
 */
export function readAndClose(file: OpenedFile): { bytes: Uint8Array; reused: boolean } {
  try {
    const { stat } = file;
    const sized = stat.isFile() && stat.size > 0;
    const reused = sized && stat.size <= REUSED_BUFFER_LIMIT;
    let buffer: Buffer;
    if (reused) {
      if (reusable === null || reusable.length < stat.size) {
        reusable = Buffer.allocUnsafeSlow(Math.max(stat.size, 64 * 1024));
      }
      buffer = reusable;
    } else {
      buffer = Buffer.allocUnsafeSlow(sized ? stat.size : 64 * 1024);
    }
    const limit = sized ? stat.size : Number.POSITIVE_INFINITY;
    let length = 0;
    while (length < limit) {
      if (length === buffer.length) buffer = grown(buffer);
      const count = readSync(
        file.fd,
        buffer,
        length,
        Math.min(buffer.length, limit) - length,
        null,
      );
      if (count === 0) break;
      length += count;
    }
    return { bytes: buffer.subarray(0, length), reused };
  } finally {
    closeSync(file.fd);
  }
}

/** Only for files of unknown size, which never use the reused buffer. */
function grown(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}
