"use strict";
// The git questions check-large-files asks, for the bench's rows, fixtures and floor: a CommonJS
// copy of STAGED_DIFF_ARGS (src/git/staged.ts), BATCH_CHECK_ARGS (objects.ts) and
// CHECK_IGNORE_ARGS (ignore.ts), which start-up-cheap scripts can require;
// test/unit/git/bench-git-calls.test.ts fails when the two drift apart (parseStagedDiff too).
const STAGED_DIFF = [
  "diff",
  "--cached",
  "--raw",
  "-z",
  "--no-abbrev",
  "--no-renames",
  "--diff-filter=ACDMT",
  "--no-ext-diff",
];
const BATCH_CHECK = ["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"];
const CHECK_IGNORE = ["check-ignore", "-v", "-z", "--stdin", "--no-index"];

/** `git diff --raw -z` output → the staged entries to size: [{ oid, path }] (deletions skipped). */
function parseStagedDiff(output) {
  const fields = output.split("\0");
  const entries = [];
  for (let i = 0; i < fields.length; i++) {
    if (!fields[i].startsWith(":")) continue;
    const status = fields[i].slice(1).split(" ");
    const twoPaths = /^[RC]/.test(status[4]);
    if (!status[4].startsWith("D"))
      entries.push({ oid: status[3], path: fields[twoPaths ? i + 2 : i + 1] });
    i += twoPaths ? 2 : 1;
  }
  return entries;
}

module.exports = { STAGED_DIFF, BATCH_CHECK, CHECK_IGNORE, parseStagedDiff };
