"use strict";
// The floor for strip-notebook's in-place rows of `npm run bench`: the least a process can do for
// that job — start Node, read each notebook, and replace it atomically (a temp file beside it,
// then a rename over it, as the hook writes) — with the stripped bytes already known, so no
// parsing, stripping or rendering at all. Usage, from the folder the paths are relative to:
//   node strip-floor.cjs STRIPPED_DIR FILE...
// Each FILE is replaced by STRIPPED_DIR/<its base name> (read here too: that is the one read the
// real job does not make, ~0.5 MB for the bench's 100). CommonJS: the cheapest way Node starts.
const { closeSync, openSync, readFileSync, renameSync, writeSync } = require("node:fs");
const { basename, dirname, join } = require("node:path");

const [strippedDir, ...files] = process.argv.slice(2);
for (const file of files) {
  readFileSync(file, "utf8");
  const stripped = readFileSync(join(strippedDir, basename(file)));
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, "wx", 0o644);
  writeSync(fd, stripped, 0, stripped.length, 0);
  closeSync(fd);
  renameSync(temp, file);
}
