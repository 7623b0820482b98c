// Bundles each hook in hooks/ into dist/ with esbuild: CommonJS (measured ~10 ms faster to start
// than ESM here), zero runtime dependencies, heavy libraries in separate vendor bundles that are
// loaded only by the runs that need them, and a tiny bin wrapper per hook that refuses
// too-old Nodes before anything else is parsed.
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const dist = join(root, "dist");
const MIN_NODE = [18, 19];
/** Libraries bundled on their own and required lazily: `import("yaml")` → dist/hooks/vendor/yaml.cjs. */
const VENDOR = ["yaml", "micromatch", "smol-toml"].filter((name) => {
  try {
    return Boolean(import.meta.resolve(name));
  } catch {
    return false;
  }
});

const hooks = readdirSync(join(root, "hooks"))
  .filter((name) => name.endsWith(".ts"))
  .map((name) => basename(name, ".ts"));

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node18",
  legalComments: "none",
  logLevel: "warning",
  // `import()` of a vendor bundle becomes `require` (it is CommonJS anyway): the bin wrapper runs
  // the bundle through vm.Script, where `import()` would need a loader of its own.
  supported: { "dynamic-import": false },
};

rmSync(dist, { recursive: true, force: true });

const vendorPlugin = {
  name: "vendor",
  setup(context) {
    const filter = new RegExp(
      `^(${VENDOR.map((name) => name.replace(/[-/]/g, "\\$&")).join("|")})$`,
    );
    context.onResolve({ filter }, (args) => ({
      path: `./vendor/${args.path}.cjs`,
      external: true,
    }));
  },
};

await Promise.all([
  ...hooks.map((id) =>
    build({
      ...common,
      entryPoints: [join(root, "hooks", `${id}.ts`)],
      outfile: join(dist, "hooks", `${id}.cjs`),
      define: {
        __ML_HYGIENE_VERSION__: JSON.stringify(process.env.ML_HYGIENE_VERSION || pkg.version),
      },
      plugins: [vendorPlugin],
    }),
  ),
  ...VENDOR.map((name) =>
    build({
      ...common,
      stdin: {
        contents: `module.exports = require(${JSON.stringify(name)});`,
        resolveDir: root,
        loader: "js",
      },
      outfile: join(dist, "hooks", "vendor", `${name}.cjs`),
    }),
  ),
]);

mkdirSync(join(dist, "bin"), { recursive: true });
for (const id of hooks) {
  const file = join(dist, "bin", `${id}.cjs`);
  const bundle = readFileSync(join(dist, "hooks", `${id}.cjs`));
  assertAscii(bundle, `dist/hooks/${id}.cjs`);
  writeFileSync(
    file,
    binWrapper(id, createHash("sha256").update(bundle).digest("hex").slice(0, 16)),
  );
  chmodSync(file, 0o755);
}

/**
 * The bin wrapper reads a bundle as latin1, which only ASCII makes right. esbuild escapes
 * non-ASCII in strings (charset "ascii"), but a comment inside a function keeps its text; one
 * "…" made the whole source a two-byte string for V8 (read 0.5 vs 0.35 ms; latin1 ~0.25).
 */
function assertAscii(bytes, name) {
  const at = bytes.findIndex((byte) => byte > 0x7f);
  if (at === -1) return;
  const line = bytes.subarray(0, at).toString("latin1").split("\n").length;
  throw new Error(`${name}:${line}: non-ASCII text in the bundle (a comment?); write it in ASCII`);
}

// The wrapper is plain ES5: every Node that can start it can parse it, so an old Node gets one
// clear line instead of a SyntaxError from the bundle.
//
// It runs the bundle from a V8 code cache made after a run, so the cache holds the functions
// that run compiled as well as the top level (Node's own compile cache, Node >= 22.1, keeps
// only the top level; Nodes 18 and 20 have none). Measured (README, "A code cache made after
// the run"): `strip-notebook -t` on a small notebook 28.3 -> 26.9 ms on Node 22, 3-4 ms less on
// Nodes 18 and 20; 100 notebooks in place 5.4 ms less. The cache lives in
// $XDG_CACHE_HOME/ml-hygiene/code-cache (else ~/.cache/...), one file per hook, named by the
// bundle's hash, size and mtime and by Node's version, so it never outlives the code it was made
// from (V8 itself checks only the source's length). Its bytes become code, so it holds V8's data
// twice, and a file whose copies differ (damaged) is refused: V8 checks no checksum unless asked
// (not on Nodes 20 and 22), and asking through node:v8 cost more (~1.7 ms to load) than the
// cache saves a small hook. Only a file the user owns and no one else may write is read. It is
// written when missing or rejected (a damaged file, other V8 flags), or when it came from a run
// that did none of the hook's work (`--version`, nothing staged: few functions compiled) and
// this one did; atomically (a fresh temp file, O_EXCL), into a folder of the user's alone; files
// of the hook untouched for 30 days go then. NODE_DISABLE_COMPILE_CACHE=1 turns it off. Any
// failure to read or write it only means a run without it.
function binWrapper(id, bundleHash) {
  return `#!/usr/bin/env node
"use strict";
var v = process.versions.node.split(".").map(Number);
if (v[0] < ${MIN_NODE[0]} || (v[0] === ${MIN_NODE[0]} && v[1] < ${MIN_NODE[1]})) {
  process.stderr.write("${id}: Node " + process.versions.node + " is too old; ml-hygiene needs Node >= ${MIN_NODE.join(".")} — install a newer Node, or set language_version in .pre-commit-config.yaml\\n");
  process.exit(2);
}
var fs = require("fs");
var path = require("path");
var bundle = path.join(__dirname, "..", "hooks", "${id}.cjs");
// ASCII (the build checks it): latin1 reads it as is, faster than a UTF-8 decode.
var source = fs.readFileSync(bundle, "latin1");
var cacheFile = null;
var cached;
var cachedWork = 0;
var uid = typeof process.getuid === "function" ? process.getuid() : -1;
if (!process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    var stat = fs.statSync(bundle);
    var base = process.env.XDG_CACHE_HOME;
    if (!base || !path.isAbsolute(base)) {
      // os.homedir() is $HOME wherever that is set (libuv); node:os costs ~0.2 ms to load.
      var home = process.env.HOME;
      base = path.join(home && path.isAbsolute(home) ? home : require("os").homedir(), ".cache");
    }
    cacheFile = path.join(base, "ml-hygiene", "code-cache", "${id}-${bundleHash}-" + stat.size + "-" + Math.floor(stat.mtimeMs) + "-" + process.version + "-" + process.arch + ".bin");
    var fd = fs.openSync(cacheFile, "r");
    try {
      var held = fs.fstatSync(fd);
      // Its bytes become code: only a file of ours that no one else may write.
      if (held.isFile() && (uid === -1 || held.uid === uid) && (held.mode & 18) === 0 && held.size > 1) {
        var stored = Buffer.alloc(held.size);
        for (var at = 0, got = 1; at < held.size && got > 0; at += got) got = fs.readSync(fd, stored, at, held.size - at, at);
        // Byte 0: whether the run that made it did the hook's work (src/runtime/code-cache.ts).
        // Then V8's data twice: V8 checks no checksum unless asked (Nodes 20 and 22 do not ask,
        // and a damaged file would run as bytecode), and asking (node:v8), zlib's crc32 or a
        // crypto hash each cost 2-4 ms to load; two copies compared by memcmp cost ~0.1 ms.
        var half = (held.size - 1) / 2;
        if (half === Math.floor(half) && stored.subarray(1, 1 + half).equals(stored.subarray(1 + half))) {
          cachedWork = stored[0];
          cached = stored.subarray(1, 1 + half);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {}
}
var script = new (require("vm").Script)("(function (exports, require, module, __filename, __dirname) {" + source + "\\n})", { filename: bundle, cachedData: cached });
var loaded = { exports: {} };
// The bundle requires Node's built-ins and its vendor bundles beside it (./vendor/*.cjs): this
// wrapper's own require serves both, where module.createRequire cost ~0.35 ms a run.
var bundleDir = path.dirname(bundle);
var requireFromBundle = function (id) {
  return require(id.charAt(0) === "." ? path.join(bundleDir, id) : id);
};
script.runInThisContext().call(loaded.exports, loaded.exports, requireFromBundle, loaded, bundle, bundleDir);
loaded.exports.main(process.argv.slice(2)).then(function (code) {
  process.exitCode = code;
  saveCodeCache();
}, function (error) {
  process.stderr.write("${id}: internal error: " + (process.env.ML_HYGIENE_DEBUG ? error.stack : error.message) + " — please report it (ML_HYGIENE_DEBUG=1 shows the stack)\\n");
  process.exitCode = 2;
});

function saveCodeCache() {
  var work = global[Symbol.for("ml-hygiene.work-done")] === true ? 1 : 0;
  if (cacheFile === null || (cached !== undefined && !script.cachedDataRejected && work <= cachedWork)) return;
  try {
    var folder = path.dirname(cacheFile);
    // Nothing made where the nearest existing folder is someone else's (sudo keeping HOME), and
    // nothing written into a folder that is not ours alone.
    var existing = folder;
    while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    if (uid !== -1 && fs.statSync(existing).uid !== uid) return;
    fs.mkdirSync(folder, { recursive: true, mode: 448 });
    var own = fs.lstatSync(folder);
    if (!own.isDirectory() || (uid !== -1 && own.uid !== uid) || (own.mode & 18) !== 0) return;
    var temp = cacheFile + "." + process.pid + "." + Math.random().toString(36).slice(2, 10) + ".tmp";
    var data = script.createCachedData();
    fs.writeFileSync(temp, Buffer.concat([Buffer.from([work]), data, data]), { mode: 384, flag: "wx" });
    fs.renameSync(temp, cacheFile);
    // Other builds and Nodes keep theirs (two repositories may pin two versions); what has not
    // been made anew for 30 days goes.
    var old = Date.now() - 30 * 24 * 3600 * 1000;
    fs.readdirSync(folder).forEach(function (name) {
      var other = path.join(folder, name);
      if (name.indexOf("${id}-") === 0 && fs.statSync(other).mtimeMs < old) fs.unlinkSync(other);
    });
  } catch (error) {}
}
`;
}
console.log(`built ${hooks.length} hook(s) into dist/: ${hooks.join(", ")}`);
