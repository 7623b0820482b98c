import { fstatSync, readFileSync, readSync } from "node:fs";
import { releaseBytes } from "../runtime/heap.js";

const FIRST_CHUNK = 64 * 1024;
const LARGEST_CHUNK = 4 * 1024 * 1024;

/**
 * All of stdin as one buffer. A file redirected to stdin is read at its known size. A pipe (git
 * runs its filters on one) is read in growing chunks that are joined and then freed at once:
 * `readFileSync(0)` left its 64 KB chunks, a whole notebook's worth, to the garbage collector,
 * and a 20 MB notebook peaked at 3.8x its size instead of 2.9x. A non-blocking stdin, which the
 * synchronous reads cannot take, is read as a stream.
 */
export async function readAllStdin(): Promise<Uint8Array> {
  try {
    if (fstatSync(0).isFile()) return readFileSync(0);
  } catch {
    // No stat for this stdin: read it as a pipe.
  }
  const parts: Buffer[] = []; // the input, in order
  const owned: Buffer[] = []; // the read buffers this function made, freed once joined
  let size = FIRST_CHUNK;
  let nonBlocking = false;
  for (;;) {
    const chunk = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    while (filled < chunk.length) {
      let read: number;
      try {
        read = readChunk(chunk, filled);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EAGAIN" && code !== "EWOULDBLOCK") throw error;
        nonBlocking = true;
        break;
      }
      if (read === 0) break;
      filled += read;
    }
    if (filled > 0) {
      parts.push(chunk.subarray(0, filled));
      owned.push(chunk);
    }
    if (nonBlocking || filled < chunk.length) break; // end of input, or the rest as a stream
    size = Math.min(size * 2, LARGEST_CHUNK);
  }
  if (nonBlocking) {
    for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  }
  const all = Buffer.concat(parts);
  for (const chunk of owned) releaseBytes(chunk, 0);
  return all;
}

/** One read; the end of a pipe reads 0 bytes (or, on Windows, fails with EOF). */
function readChunk(chunk: Buffer, offset: number): number {
  try {
    return readSync(0, chunk, offset, chunk.length - offset, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EOF") return 0;
    throw error;
  }
}
