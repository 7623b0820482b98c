import { afterEach, describe, expect, it, vi } from "vitest";
import {
  gatheredOutput,
  STDERR_GATHER_BYTES,
  STDERR_GATHER_MS,
} from "../../../src/runtime/stdio.js";

/** Both streams write into one log, as a terminal or a shared pipe would show them. */
function recorder(isTTY?: boolean) {
  const writes: string[] = [];
  const stdout = {
    write: (data: string | Uint8Array) => writes.push(`out:${data.toString()}`),
    isTTY,
  };
  const stderr = { write: (text: string) => writes.push(`err:${text}`) };
  return { writes, output: gatheredOutput(stdout, stderr) };
}

afterEach(() => vi.restoreAllMocks());

describe("gatheredOutput", () => {
  it("writes stderr lines together at flush", () => {
    const { writes, output } = recorder();
    output.stderr.write("a\n");
    output.stderr.write("b\n");
    expect(writes).toEqual([]);
    output.flush();
    expect(writes).toEqual(["err:a\nb\n"]);
  });

  it("writes nothing at flush when nothing waits", () => {
    const { writes, output } = recorder();
    output.flush();
    output.stderr.write("a\n");
    output.flush();
    output.flush();
    expect(writes).toEqual(["err:a\n"]);
  });

  it("keeps stdout and stderr in the order they were written", () => {
    const { writes, output } = recorder();
    output.stderr.write("note\n");
    output.stdout.write("notebook");
    output.stderr.write("after\n");
    output.stdout.write(Buffer.from("bytes"));
    output.flush();
    expect(writes).toEqual(["err:note\n", "out:notebook", "err:after\n", "out:bytes"]);
  });

  it("writes once the waiting text reaches its size limit", () => {
    const { writes, output } = recorder();
    const line = `${"x".repeat(127)}\n`; // the limit is a whole number of these lines
    const lines = STDERR_GATHER_BYTES / line.length;
    expect(Number.isInteger(lines)).toBe(true);
    for (let i = 0; i < lines - 1; i++) output.stderr.write(line);
    expect(writes).toEqual([]);
    output.stderr.write(line);
    expect(writes).toEqual([`err:${line.repeat(lines)}`]);
  });

  it("writes when the first waiting line has waited its time, as the next one comes", () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const { writes, output } = recorder();
    output.stderr.write("first\n");
    now += STDERR_GATHER_MS - 1;
    output.stderr.write("second\n");
    expect(writes).toEqual([]);
    now += 1;
    output.stderr.write("third\n");
    expect(writes).toEqual(["err:first\nsecond\nthird\n"]);
    // The clock starts again with the next waiting line.
    now += 5 * STDERR_GATHER_MS;
    output.stderr.write("fourth\n");
    now += STDERR_GATHER_MS - 1;
    output.stderr.write("fifth\n");
    expect(writes).toHaveLength(1);
  });

  it("writes at flushStale only what has waited its time", () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const { writes, output } = recorder();
    output.flushStale();
    output.stderr.write("first\n");
    now += STDERR_GATHER_MS - 1;
    output.flushStale();
    expect(writes).toEqual([]);
    now += 1;
    output.flushStale();
    expect(writes).toEqual(["err:first\n"]);
    output.flushStale();
    expect(writes).toHaveLength(1);
  });

  it("says whether stdout is a terminal", () => {
    expect(recorder(true).output.stdout.isTTY).toBe(true);
    expect(recorder(false).output.stdout.isTTY).toBe(false);
  });
});
