import { gitAsync } from "./run.js";

export interface ObjectInfo {
  readonly type: string;
  readonly size: number;
}

/** `cat-file --batch-check`, its format spelled out (the bench's floor asks the same). */
export const BATCH_CHECK_ARGS: readonly string[] = [
  "cat-file",
  "--batch-check=%(objectname) %(objecttype) %(objectsize)",
];

/**
 * Sizes of objects without reading them: one `git cat-file --batch-check` for the whole run.
 * Output, one line per input:  "e69de29b…5391 blob 0"  or  "1234…abcd missing".
 */
export async function objectSizes(
  root: string,
  oids: readonly string[],
): Promise<Map<string, ObjectInfo>> {
  const result = new Map<string, ObjectInfo>();
  if (oids.length === 0) return result;
  const out = await gitAsync(BATCH_CHECK_ARGS, { cwd: root, input: `${oids.join("\n")}\n` });
  for (const line of out.toString("utf8").split("\n")) {
    const [oid, type, size] = line.split(" ");
    if (oid && type && size !== undefined && type !== "missing") {
      result.set(oid, { type, size: Number(size) });
    }
  }
  return result;
}

/**
 * Contents of blobs: one `git cat-file --batch` for the whole run. Each record is
 * "<oid> <type> <size>\n<size bytes>\n". Only for blobs a hook must read (never to learn a size).
 */
export async function readBlobs(
  root: string,
  oids: readonly string[],
): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (oids.length === 0) return result;
  const out = await gitAsync(["cat-file", "--batch"], { cwd: root, input: `${oids.join("\n")}\n` });
  let offset = 0;
  while (offset < out.length) {
    const newline = out.indexOf(10, offset);
    if (newline === -1) break;
    const [oid, type, size] = out.toString("utf8", offset, newline).split(" ");
    offset = newline + 1;
    if (!oid || type === "missing" || size === undefined) continue;
    const length = Number(size);
    result.set(oid, out.subarray(offset, offset + length));
    offset += length + 1;
  }
  return result;
}
