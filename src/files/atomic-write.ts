import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  realpathSync,
  rename,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, sep } from "node:path";

/** What a file looked like when it was read: size and modification time. */
export interface ReadStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/** The file is gone or no longer has the stamp it was read with (an editor saved it meanwhile). */
export class ChangedSinceReadError extends Error {}

/** Errors after which replacing by rename is impossible here but writing in place may work. */
const CANNOT_REPLACE = new Set(["EACCES", "EPERM", "EROFS", "EBUSY", "EXDEV"]);

/**
 * Replace an existing file's content without ever leaving it empty or half-written: write a
 * temp file beside the real file (a symlink is followed, never replaced), give it the file's
 * mode (and owner, when we may), then rename it over the file. Where the folder forbids a new
 * file, fall back to writing in place — the content is complete before the file is opened, and
 * the file is shortened only after the new bytes are written.
 * A file with hard links is written in place too, so every name keeps seeing the same file.
 * A file we may not write is refused (EACCES), as nbstripout's `open(..., "r+")` refuses it.
 * With `readAs`, a file that is gone or no longer has that size and mtime is left alone
 * (ChangedSinceReadError): the caller read it, and writing now would lose a newer save.
 */
export function replaceFileContent(path: string, data: Uint8Array, readAs?: ReadStamp): void {
  const plan = planReplacement(path, data, readAs);
  if (plan.temp === null) {
    writeInPlace(plan.target, data);
    return;
  }
  try {
    renameSync(plan.temp, plan.target);
  } catch (error) {
    abandonTemp(plan.temp, error);
    writeInPlace(plan.target, data);
  }
}

/**
 * `replaceFileContent` with its last step left to libuv's thread pool, so a caller with many
 * files can go on with the next one while a rename runs (on ext4 a rename over a file first
 * flushes the new data, ~0.3 ms a file). Every check, and the complete temp file, happen before
 * it returns, and throw as `replaceFileContent` does; the promise settles once the file holds
 * the new content.
 */
export function replaceFileContentSoon(
  path: string,
  data: Uint8Array,
  readAs?: ReadStamp,
): Promise<void> {
  const plan = planReplacement(path, data, readAs);
  return new Promise((resolve, reject) => {
    if (plan.temp === null) {
      writeInPlace(plan.target, data);
      resolve();
      return;
    }
    const temp = plan.temp;
    rename(temp, plan.target, (error) => {
      if (error === null) {
        resolve();
        return;
      }
      try {
        abandonTemp(temp, error);
        writeInPlace(plan.target, data);
        resolve();
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

/** Where the new content goes: a complete temp file beside the target, or (null) in place. */
interface Plan {
  readonly temp: string | null;
  readonly target: string;
}

/** Every check and the temp file: everything but changing the file itself. */
function planReplacement(path: string, data: Uint8Array, readAs?: ReadStamp): Plan {
  let target = path;
  let stat: Stats;
  try {
    stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      // Written through, never replaced. The native realpath beats the JS one, which lstats
      // every component of the path; a plain file (the rule) needs neither.
      target = realpathSync.native(path);
      stat = statSync(target);
    }
  } catch (error) {
    if (readAs && (error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ChangedSinceReadError(`${path} is gone`);
    }
    throw error;
  }
  if (readAs && (stat.size !== readAs.size || stat.mtimeMs !== readAs.mtimeMs)) {
    throw new ChangedSinceReadError(`${path} changed since it was read`);
  }
  accessSync(target, constants.W_OK);
  // A rename would split hard links apart; the content is complete, so write it in place.
  if (stat.nlink > 1) return { temp: null, target };
  // Beside the target. Concatenated, not `join`ed: `target` is already normalised, and
  // `path.join` re-normalising it cost ~16 µs a file (1.6 ms of a 100-notebook run, profiled).
  const folder = dirname(target);
  const prefix = `${folder}${folder.endsWith(sep) ? "" : sep}.${basename(target)}.${process.pid}.`;
  let temp = "";
  let fd = -1;
  for (let attempt = 0; fd === -1; attempt++) {
    temp = `${prefix}${Math.random().toString(36).slice(2, 8)}.tmp`;
    try {
      fd = openSync(temp, "wx", stat.mode & 0o777);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "EEXIST" && attempt < 5) continue;
      if (CANNOT_REPLACE.has(code)) return { temp: null, target };
      throw error;
    }
  }
  try {
    writeAll(fd, data, 0);
    giveModeAndOwner(fd, folder, stat);
    closeSync(fd);
    fd = -1;
  } catch (error) {
    if (fd !== -1) closeSync(fd);
    abandonTemp(temp, error);
    return { temp: null, target };
  }
  return { temp, target };
}

/**
 * What a new file in a folder is given: the mode bits the umask (or a default ACL) clears, and
 * its owner and group. Learned from the first temp file made there (one fstat), so that later
 * ones skip an fchmod, and as root an fchown, that would change nothing: two syscalls a file,
 * ~0.9 ms of a 100-notebook run.
 */
interface NewFileRules {
  /** The mode bits asked for the first time; only these bits' fate is known. */
  readonly asked: number;
  readonly cleared: number;
  readonly uid: number;
  readonly gid: number;
}
const newFileRules = new Map<string, NewFileRules>();

/** The temp file gets the replaced file's mode (setuid bits too) and, as root, its owner. */
function giveModeAndOwner(fd: number, folder: string, stat: Stats): void {
  const asked = stat.mode & 0o777; // what `openSync` asked for
  const wanted = stat.mode & 0o7777;
  let rules = newFileRules.get(folder);
  if (rules === undefined) {
    const made = fstatSync(fd);
    rules = { asked, cleared: asked & ~made.mode, uid: made.uid, gid: made.gid };
    newFileRules.set(folder, rules);
  }
  // The owner first: chown clears setuid and setgid bits, even root's. A mode with them is never
  // the one a new file gets, so the fchmod after it always runs then.
  if (runsAsRoot() && (rules.uid !== stat.uid || rules.gid !== stat.gid)) {
    try {
      fchownSync(fd, stat.uid, stat.gid);
    } catch {
      // Keeping the owner is best effort.
    }
  }
  const known = (asked & ~rules.asked) === 0;
  if (!known || (asked & ~rules.cleared) !== wanted) fchmodSync(fd, wanted);
}

let root: boolean | undefined;
/** Only root can give the temp file the owner of the file it replaces (a syscall, asked once). */
function runsAsRoot(): boolean {
  root ??= typeof process.getuid === "function" && process.getuid() === 0;
  return root;
}

/**
 * After a failed write or rename: remove the temp file, then return where only replacing was
 * refused (the caller writes in place instead), or throw.
 */
function abandonTemp(temp: string, error: unknown): void {
  try {
    unlinkSync(temp);
  } catch {
    // Already gone.
  }
  if (!CANNOT_REPLACE.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
}

function writeAll(fd: number, data: Uint8Array, position: number): void {
  let offset = 0;
  while (offset < data.length) {
    offset += writeSync(fd, data, offset, data.length - offset, position + offset);
  }
}

function writeInPlace(target: string, data: Uint8Array): void {
  const fd = openSync(target, "r+");
  try {
    writeAll(fd, data, 0);
    ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}
