import { writeSync } from "node:fs";
import { lazyBuiltin } from "./builtin.js";

/** `node:tty` loads `net`: only a run that asks whether it writes to a terminal loads it. */
const tty = lazyBuiltin<typeof import("node:tty")>("node:tty");

/** What the hooks write to: text (or bytes) in order, and whether a terminal is reading. */
export interface OutputStream {
  write(data: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
}

/**
 * stdout or stderr written straight to its file descriptor. `process.stdout`/`process.stderr`
 * build a stream on first use, and on a pipe (pre-commit, git filters, lint-staged) that loads
 * `net` and its streams: ~7 ms per run, measured, for a hook that often takes ~35 ms in all.
 * - A blocking descriptor (what a parent normally gives) takes each write whole.
 * - A non-blocking one (set by some other process sharing the pipe) can refuse with EAGAIN;
 *   from then on the rest goes through Node's stream, which waits for the reader, so nothing is
 *   lost or reordered.
 * - A reader that went away (EPIPE: `strip-notebook -t nb.ipynb | head`) is not an error, as
 *   nbstripout swallows BrokenPipeError: later writes are dropped.
 */
export function descriptorOutput(fd: 1 | 2): OutputStream {
  let stream: NodeJS.WriteStream | null = null;
  let closed = false;
  let terminal: boolean | undefined;
  const viaStream = (): NodeJS.WriteStream => {
    if (stream === null) {
      stream = fd === 1 ? process.stdout : process.stderr;
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
      });
    }
    return stream;
  };
  return {
    get isTTY() {
      terminal ??= tty().isatty(fd);
      return terminal;
    },
    write(data: string | Uint8Array): boolean {
      if (closed) return true;
      if (stream !== null) return stream.write(data);
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let offset = 0;
      try {
        while (offset < bytes.length) {
          offset += writeSync(fd, bytes, offset, bytes.length - offset);
        }
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EPIPE") {
          closed = true;
          return true;
        }
        if (code !== "EAGAIN") throw error;
        return viaStream().write(bytes.subarray(offset));
      }
    },
  };
}
