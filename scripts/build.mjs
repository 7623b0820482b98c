// Bundles each hook in hooks/ into dist/ with esbuild: zero runtime dependencies, lazy chunks
// for heavy modules, and a tiny bin wrapper per hook that refuses too-old Nodes before loading.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const dist = join(root, "dist");
const MIN_NODE = [18, 19];

const hooks = readdirSync(join(root, "hooks"))
  .filter((name) => name.endsWith(".ts"))
  .map((name) => basename(name, ".ts"));

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: hooks.map((id) => join(root, "hooks", `${id}.ts`)),
  outdir: join(dist, "hooks"),
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node18",
  // Bundled CommonJS (yaml, micromatch) calls require(); ESM has none, so give it one.
  banner: {
    js: 'import { createRequire as __mlhCreateRequire } from "node:module"; const require = __mlhCreateRequire(import.meta.url);',
  },
  define: { __ML_HYGIENE_VERSION__: JSON.stringify(process.env.ML_HYGIENE_VERSION || pkg.version) },
  legalComments: "none",
  logLevel: "warning",
});

mkdirSync(join(dist, "bin"), { recursive: true });
for (const id of hooks) {
  const file = join(dist, "bin", `${id}.js`);
  writeFileSync(file, binWrapper(id));
  chmodSync(file, 0o755);
}

// The wrapper is plain ES5 apart from import(): every Node that can start it can parse it, so
// an old Node gets one clear line instead of a SyntaxError from the bundle.
function binWrapper(id) {
  return `#!/usr/bin/env node
var v = process.versions.node.split(".").map(Number);
if (v[0] < ${MIN_NODE[0]} || (v[0] === ${MIN_NODE[0]} && v[1] < ${MIN_NODE[1]})) {
  process.stderr.write("${id}: Node " + process.versions.node + " is too old; ml-hygiene needs Node >= ${MIN_NODE.join(".")} — install a newer Node, or set language_version in .pre-commit-config.yaml\\n");
  process.exit(2);
}
import("../hooks/${id}.js").then(function (hook) {
  return hook.main(process.argv.slice(2));
}).then(function (code) {
  process.exitCode = code;
}, function (error) {
  process.stderr.write("${id}: internal error: " + (process.env.ML_HYGIENE_DEBUG ? error.stack : error.message) + " — please report it (ML_HYGIENE_DEBUG=1 shows the stack)\\n");
  process.exitCode = 2;
});
`;
}
console.log(`built ${hooks.length} hook(s) into dist/: ${hooks.join(", ")}`);
