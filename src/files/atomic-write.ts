import {
  chmodSync,
  closeSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Replace a file's content atomically: write a temporary file beside it, then rename it over
 * the original, so a reader (or an editor) never sees half a file and a failure leaves the old
 * content. The file mode is kept, and a symlink is written through to its target rather than
 * replaced by a regular file.
 */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const temp = join(
    dirname(target),
    `.${basename(target)}.mlh-${process.pid}-${Date.now().toString(36)}.tmp`,
  );
  const fd = openSync(temp, "wx", mode);
  try {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(temp);
    } catch {
      // never created or already renamed
    }
    throw error;
  }
}
