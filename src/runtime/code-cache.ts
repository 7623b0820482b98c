/**
 * The bin wrapper (scripts/build.mjs) runs each bundle from a V8 code cache it makes after a
 * run, holding every function that run compiled. A run that did a hook's real work (a notebook
 * processed, a file judged) compiles the functions worth keeping; one that did not (`--version`,
 * nothing staged) leaves this mark unset, and the wrapper remakes a cache from such a run once
 * a later run sets it.
 */
const WORK_DONE = Symbol.for("ml-hygiene.work-done");

export function markWorkDone(): void {
  (globalThis as Record<symbol, unknown>)[WORK_DONE] = true;
}
