import { describe, expect, it } from "vitest";
import { LARGE_INPUT_BYTES, releaseBytes } from "../../../src/runtime/heap.js";

describe("releaseBytes", () => {
  it("frees a large buffer that owns its memory (Node >= 21 detaches it)", () => {
    const bytes = Buffer.alloc(LARGE_INPUT_BYTES, 0x61);
    releaseBytes(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
  });

  it("leaves small inputs and buffers that share their memory alone", () => {
    const small = Buffer.alloc(1024, 0x61);
    releaseBytes(small);
    expect(small.buffer.byteLength).toBe(1024);

    const shared = new ArrayBuffer(LARGE_INPUT_BYTES + 16);
    const view = new Uint8Array(shared, 16, LARGE_INPUT_BYTES);
    releaseBytes(view);
    expect(shared.byteLength).toBe(LARGE_INPUT_BYTES + 16);
    expect(view.byteLength).toBe(LARGE_INPUT_BYTES);
  });
});
