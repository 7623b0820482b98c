/** Exit codes shared by every hook (see README "The shared contract"). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * A usage or setup problem: unknown flag, bad value, no repository, unreadable config.
 * The message is one line that names the fix; the hook exits 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
