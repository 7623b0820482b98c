"use strict";
// The floor for `npm run bench`: the least a hook process can do for check-large-files' job —
// start Node, ask git exactly the questions the hook asks, back to back, read the answers — and
// nothing else (no argument parsing, no config, no report). Run from the repository root:
//   node floor.cjs staged           git diff --cached --raw, cat-file --batch-check, check-ignore
//   node floor.cjs files FILE...    lstat each FILE, git diff --cached --raw, check-ignore
// CommonJS on purpose: it is the cheapest way Node can start a script.
const { spawnSync } = require("node:child_process");
const { lstatSync } = require("node:fs");

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
  git(["check-ignore", "-v", "-z", "--stdin", "--no-index"], `${paths.join("\0")}\0`, [0, 1]);
}

const [mode, ...files] = process.argv.slice(2);
if (mode === "staged") {
  const fields = git([
    "diff",
    "--cached",
    "--raw",
    "-z",
    "--no-abbrev",
    "--no-renames",
    "--diff-filter=ACDMT",
    "--no-ext-diff",
  ]).split("\0");
  const oids = [];
  const paths = [];
  for (let i = 0; i < fields.length; i++) {
    if (!fields[i].startsWith(":")) continue;
    const header = fields[i].slice(1).split(" ");
    if (header[4].startsWith("D")) {
      i += 1; // deleted: nothing to size (the hook only uses its blob id to spot renames)
      continue;
    }
    const twoPaths = header[4].startsWith("R") || header[4].startsWith("C");
    oids.push(header[3]);
    paths.push(fields[twoPaths ? i + 2 : i + 1]);
    i += twoPaths ? 2 : 1;
  }
  if (oids.length > 0) git(["cat-file", "--batch-check"], `${oids.join("\n")}\n`);
  checkIgnore(paths);
} else if (mode === "files") {
  for (const file of files) lstatSync(file);
  git([
    "diff",
    "--cached",
    "--raw",
    "-z",
    "--no-abbrev",
    "--no-renames",
    "--diff-filter=ACDMT",
    "--no-ext-diff",
  ]);
  checkIgnore(files);
} else {
  process.stderr.write("usage: node floor.cjs staged | files FILE...\n");
  process.exit(2);
}
