import { writeSync } from "node:fs";
import { lazyBuiltin } from "./builtin.js";

/** `node:tty` loads `net`: only a run that asks whether it writes to a terminal loads it. */
const tty = lazyBuiltin<typeof import("node:tty")>("node:tty");

/** stdout or stderr refused a write (a full disk, an I/O error): the user's to fix, not a bug. */
export class OutputError extends Error {
  override readonly name = "OutputError";
  constructor(fd: 1 | 2, cause: NodeJS.ErrnoException) {
    const what = (cause.message.split(": ")[1] ?? cause.message).replace(/, write$/, "");
    super(
      `cannot write to ${fd === 1 ? "stdout" : "stderr"}: ${what}${cause.code ? ` (${cause.code})` : ""} — ${
        cause.code === "ENOSPC"
          ? "free some space where the output goes"
          : "check where the output goes"
      }`,
    );
  }
}

/** What the hooks write to: text (or bytes) in order, and whether a terminal is reading. */
export interface OutputStream {
  write(data: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
}

/**
 * stdout or stderr written straight to its file descriptor. `process.stdout`/`process.stderr`
 * build a stream on first use, and on a pipe (pre-commit, git filters, lint-staged) that loads
 * `net` and its streams: ~3–7 ms per run, measured, for a hook that often takes ~35 ms in all.
 * (A run that starts git loads `net` with `child_process` anyway; the saving is for the runs
 * that start none: FILE and filter mode outside a repository, `--version`, `--help`.)
 * - A blocking descriptor (what a parent normally gives) takes each write whole.
 * - A non-blocking one (set by some other process sharing the pipe) can refuse with EAGAIN;
 *   from then on the rest goes through Node's stream, which waits for the reader, so nothing
 *   written to that descriptor is lost or reordered (stdout against stderr on one shared pipe
 *   may interleave differently, as with Node's own streams).
 * - Any other failure (ENOSPC, EIO) is an OutputError: one line for the user, exit 2.
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
        if (code !== "EAGAIN") throw new OutputError(fd, error as NodeJS.ErrnoException);
        return viaStream().write(bytes.subarray(offset));
      }
    },
  };
}

/** stdout and stderr of a run whose stderr lines are gathered, and the call that writes them. */
export interface GatheredOutput {
  readonly stdout: OutputStream;
  readonly stderr: { write(text: string): unknown };
  /** Write what is gathered; call it before the run ends (a `finally`). */
  flush(): void;
  /** Write what is gathered if its first line has waited STDERR_GATHER_MS or more. */
  flushStale(): void;
}

/**
 * stderr text gathered and written in one go: when STDERR_GATHER_BYTES are waiting, when the
 * first waiting line is STDERR_GATHER_MS old as another comes or at `flushStale`, before
 * anything goes to stdout (so the two keep their order), and at `flush`. A run that reports a
 * line per notebook made a write per line, and on a pipe each wakes the reader (pre-commit,
 * lint-staged): 100 notebooks in place spent 2.2 ms on them (paired runs, stderr a pipe).
 * The price: a run killed (Ctrl-C, a timeout) loses the lines still waiting, at most
 * STDERR_GATHER_MS worth; the files they speak of are whole either way.
 */
export function gatheredOutput(
  stdout: OutputStream,
  stderr: { write(text: string): unknown },
): GatheredOutput {
  let waiting = "";
  let since = 0; // when the first waiting line came
  const flush = (): void => {
    if (waiting === "") return;
    const text = waiting;
    waiting = "";
    stderr.write(text);
  };
  const flushStale = (): void => {
    if (waiting !== "" && Date.now() - since >= STDERR_GATHER_MS) flush();
  };
  return {
    stdout: {
      write(data: string | Uint8Array): unknown {
        flush();
        return stdout.write(data);
      },
      get isTTY() {
        return stdout.isTTY;
      },
    },
    stderr: {
      write(text: string): unknown {
        if (waiting === "") since = Date.now();
        waiting += text;
        if (waiting.length >= STDERR_GATHER_BYTES) flush();
        else flushStale();
        return true;
      },
    },
    flush,
    flushStale,
  };
}

export const STDERR_GATHER_BYTES = 16 * 1024;
export const STDERR_GATHER_MS = 100;
