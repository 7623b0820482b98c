import { lazyBuiltin } from "./builtin.js";

/** Inputs from this size on (one notebook, in bytes) run with V8 tuned for peak memory. */
export const LARGE_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * V8 flags read afresh at every scavenge and every optimising compile, so they work when set at
 * run time (`--max-semi-space-size` does not: it is fixed when the heap is made). Measured on a
 * 20 MB text-heavy notebook (`npm run bench`), peak RSS over `node -e 0`:
 * - `--semi-space-growth-factor=1`: V8 doubles the young generation (up to 16 MB semi-spaces)
 *   whenever much of it survives a scavenge, as it does while a big notebook is parsed; holding
 *   it at its start size saved ~10 MB;
 * - `--no-turbo-inlining`: the optimising compiler's scratch memory for the parser, with its
 *   callees inlined, was another ~5 MB at the peak; the run took no longer without it.
 * Small inputs keep V8's defaults, which are quicker for them.
 */
const LOW_PEAK_FLAGS = "--semi-space-growth-factor=1 --no-turbo-inlining";

let applied = false;

/** node:v8 costs ~5 ms to load, so only the runs that need it load it. */
const v8 = lazyBuiltin<typeof import("node:v8")>("node:v8");

/** Call with the size of each input before parsing it; from the first large one on, V8 is tuned. */
export function prepareHeapFor(inputBytes: number): void {
  if (applied || inputBytes < LARGE_INPUT_BYTES) return;
  applied = true;
  v8().setFlagsFromString(LOW_PEAK_FLAGS);
}

type Transferable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };

/**
 * Give a large input's bytes (from `atLeast` bytes on) back at once, once they are decoded or
 * copied, instead of at the garbage
 * collector's next full pass, which a big parse does not wait for: detaching the buffer
 * (`ArrayBuffer.prototype.transfer`, Node >= 21) frees it now. Elsewhere, and for a buffer that
 * shares its memory with others (Node's small-buffer pool), this does nothing.
 */
export function releaseBytes(bytes: Uint8Array, atLeast = LARGE_INPUT_BYTES): void {
  if (bytes.byteLength < atLeast) return;
  const buffer = bytes.buffer as Transferable;
  if (typeof buffer.transfer !== "function") return;
  if (bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength) return;
  buffer.transfer(0);
}
