import type { Finding } from "../../report/finding.js";
import type { DvcOut } from "./dvc-outs.js";
import { exceedsLimit, formatLimit, formatSize } from "./size.js";

/** What is known about one file once all git questions are answered. */
export interface FileFacts {
  readonly display: string;
  /** Size of what will be committed: the staged blob, or the file in FILE mode. */
  readonly size: number;
  /** New in the index compared to HEAD. */
  readonly added: boolean;
  /** Git LFS handles it (filter=lfs), so Git only stores a pointer. */
  readonly lfs: boolean;
  /** filter=lfs is set, yet the staged blob is the whole file: LFS did not run (not installed?). */
  readonly lfsNotApplied?: boolean;
  readonly ignored: boolean;
  readonly dvcOwner: DvcOut | null;
  readonly artifactDir: string | null;
}

export interface LargeFileRules {
  readonly maxKb: number;
  readonly enforceAll: boolean;
  readonly artifactDirs: boolean;
  readonly dvcTracked: boolean;
  readonly ignored: boolean;
}

/** How the repository already stores big files, to suggest the fix that fits. */
export interface Storage {
  readonly dvc: boolean;
  readonly lfs: boolean;
}

const LFS_POINTER_MAX = 1024;

/** Pure: every finding for one file. */
export function judgeFile(file: FileFacts, rules: LargeFileRules, storage: Storage): Finding[] {
  const findings: Finding[] = [];
  const path = file.display;
  const quoted = shellQuote(path);
  if (rules.artifactDirs && file.artifactDir !== null) {
    findings.push({
      path,
      line: null,
      rule: "artifact-dir",
      message: `is inside ${file.artifactDir}/, a folder of ML run artifacts that does not belong in Git`,
      fix: `unstage it with git rm -r --cached ${shellQuote(file.artifactDir)} and add ${file.artifactDir}/ to .gitignore`,
    });
  }
  if (rules.dvcTracked && file.dvcOwner !== null) {
    findings.push({
      path,
      line: null,
      rule: "dvc-tracked",
      message: `is already tracked by DVC (${file.dvcOwner.owner}) and must not be committed to Git as well`,
      fix: `unstage it with git rm --cached ${quoted}; DVC keeps the data, as ${file.dvcOwner.owner} declares`,
    });
  }
  if (rules.ignored && file.ignored && file.dvcOwner === null) {
    findings.push({
      path,
      line: null,
      rule: "gitignored",
      message:
        "is ignored by the repository's ignore rules but staged (force-added, or tracked before the rule)",
      fix: `unstage it with git rm --cached ${quoted}, or change the ignore rule if it should be in Git`,
    });
  }
  // An LFS pointer is at most 1024 bytes (the LFS spec), so a bigger blob is the whole file.
  if (
    file.lfsNotApplied &&
    file.size > LFS_POINTER_MAX &&
    (file.added || rules.enforceAll) &&
    exceedsLimit(file.size, rules.maxKb)
  ) {
    findings.push({
      path,
      line: null,
      rule: "too-large",
      message: `${formatSize(file.size)} staged as a whole file although .gitattributes says filter=lfs — Git LFS did not run`,
      fix: `install Git LFS (git lfs install), then git rm --cached ${quoted} && git add ${quoted} to stage its pointer`,
    });
    return findings;
  }
  if ((file.added || rules.enforceAll) && !file.lfs && exceedsLimit(file.size, rules.maxKb)) {
    findings.push({
      path,
      line: null,
      rule: "too-large",
      message: `${formatSize(file.size)} exceeds the ${formatLimit(rules.maxKb)} limit`,
      fix: `${largeFileFix(quoted, storage)}, or raise the limit with --maxkb`,
    });
  }
  return findings;
}

function largeFileFix(quoted: string, storage: Storage): string {
  const unstage = `git rm --cached ${quoted}`;
  const dvc = `dvc add ${quoted}`;
  const lfs = `git lfs track ${quoted} && git add .gitattributes ${quoted}`;
  if (storage.dvc && !storage.lfs) return `store it with DVC: ${unstage} && ${dvc}`;
  if (storage.lfs && !storage.dvc) return `store it with Git LFS: ${unstage} && ${lfs}`;
  return `store it outside Git: ${unstage}, then ${dvc} (DVC) or ${lfs} (Git LFS)`;
}

/** Quote a path for a POSIX shell only when it needs it; never let it pass for an option. */
export function shellQuote(path: string): string {
  const safe = path.startsWith("-") ? `./${path}` : path;
  return /^[\w@%+=:,./-]+$/.test(safe) ? safe : `'${safe.replace(/'/g, `'\\''`)}'`;
}
