"use strict";
// The floor for `npm run bench`: the least a hook process can do for check-large-files' job —
// start Node, ask git exactly the questions the hook asks, back to back, read the answers — and
// nothing else (no argument parsing, no config, no report). Run from the repository root:
//   node floor.cjs staged           git diff --cached --raw, cat-file --batch-check, check-ignore
//   node floor.cjs files FILE...    lstat each FILE, git diff --cached --raw, check-ignore
// CommonJS on purpose: it is the cheapest way Node can start a script.
const { spawnSync } = require("node:child_process");
const { lstatSync } = require("node:fs");
const { BATCH_CHECK, CHECK_IGNORE, parseStagedDiff, STAGED_DIFF } = require("./git-calls.cjs");

function git(args, input, okStatus = [0]) {
  const result = spawnSync("git", args, { input, maxBuffer: 2 ** 31 - 1 });
  if (result.error || !okStatus.includes(result.status)) {
    process.stderr.write(`floor: git ${args.join(" ")} failed: ${result.stderr}\n`);
    process.exit(2);
  }
  return result.stdout.toString("utf8");
}

function checkIgnore(paths) {
  if (paths.length === 0) return;
  git(CHECK_IGNORE, `${paths.join("\0")}\0`, [0, 1]);
}

const [mode, ...files] = process.argv.slice(2);
if (mode === "staged") {
  const entries = parseStagedDiff(git(STAGED_DIFF));
  if (entries.length > 0) git(BATCH_CHECK, `${entries.map((entry) => entry.oid).join("\n")}\n`);
  checkIgnore(entries.map((entry) => entry.path));
} else if (mode === "files") {
  for (const file of files) lstatSync(file);
  git(STAGED_DIFF);
  checkIgnore(files);
} else {
  process.stderr.write("usage: node floor.cjs staged | files FILE...\n");
  process.exit(2);
}
