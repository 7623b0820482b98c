/** One problem a hook found: the seam between checks and reports. */
export interface Finding {
  /** As given on the command line in FILE mode; repository-relative otherwise. */
  readonly path: string;
  readonly line: number | null;
  /** Stable rule id, e.g. `too-large`; users disable rules by it. */
  readonly rule: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it, as a command where one exists. */
  readonly fix: string;
}

/** What one hook run produced; the core turns it into output and an exit code. */
export interface HookResult {
  readonly findings: readonly Finding[];
  /** Paths the hook rewrote. */
  readonly modified: readonly string[];
  /** How many files were examined (for the summary line). */
  readonly checked: number;
  /** Extra lines for stderr (warnings, what a fixer did). */
  readonly notes?: readonly string[];
}
