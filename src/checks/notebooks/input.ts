import { prepareHeapFor, releaseBytes } from "../../runtime/heap.js";
import { decodeUtf8 } from "./process.js";

/**
 * A notebook's bytes as text, the one way every mode (file, stdin, staged blob) reads one: V8
 * tuned first when the input is large (runtime/heap.ts), strict UTF-8, then the bytes given back
 * at once unless the caller still needs them (`keepBytes`).
 */
export function notebookText(bytes: Uint8Array, keepBytes = false): string {
  prepareHeapFor(bytes.length);
  const text = decodeUtf8(bytes);
  if (!keepBytes) releaseBytes(bytes);
  return text;
}
