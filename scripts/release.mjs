// npm run release -- X.Y.Z
// Makes the commit users pin: main's tree plus the bundled dist/, with a package.json that has
// bin and files but no dependencies, devDependencies or lifecycle scripts (pre-commit installs a
// node hook from git with `npm install` + `npm pack`, and anything more breaks it). The commit is
// a child of HEAD on no branch, tagged vX.Y.Z; main and the work tree are left as they were.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const version = process.argv[2];

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(2);
}

if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  fail(`give the version to release, e.g. npm run release -- 1.2.3 (got "${version ?? ""}")`);
}
const tag = `v${version}`;
const git = (args, options = {}) =>
  execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "inherit"],
    ...options,
  }).trim();

if (git(["status", "--porcelain", "--untracked-files=no"]) !== "") {
  fail(
    "the work tree has uncommitted changes — commit or stash them, so the release matches a commit",
  );
}
if (git(["tag", "--list", tag]) !== "") fail(`tag ${tag} already exists — pick a new version`);

// Build with the release's version baked in.
execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ML_HYGIENE_VERSION: version },
});

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const released = {
  name: pkg.name,
  version,
  description: pkg.description,
  type: pkg.type,
  license: pkg.license,
  bin: pkg.bin,
  files: pkg.files,
  engines: pkg.engines,
};
for (const bin of Object.values(released.bin)) {
  if (!statSync(join(root, bin), { throwIfNoEntry: false })) fail(`bin ${bin} was not built`);
}

// A private index: the real one and the work tree are never touched.
const scratch = mkdtempSync(join(tmpdir(), "mlh-release-"));
const env = { ...process.env, GIT_INDEX_FILE: join(scratch, "index") };
try {
  git(["read-tree", "HEAD"], { env });
  const distFiles = listFiles(join(root, "dist")).map((file) => relative(root, file));
  git(["update-index", "--add", "--", ...distFiles], { env });
  const manifest = `${JSON.stringify(released, null, 2)}\n`;
  const blob = git(["hash-object", "-w", "--stdin"], { input: manifest });
  git(["update-index", "--cacheinfo", `100644,${blob},package.json`], { env });
  const tree = git(["write-tree"], { env });
  const commit = git([
    "commit-tree",
    tree,
    "-p",
    "HEAD",
    "-m",
    `Release ${tag}\n\nBundled dist/ and a dependency-free package.json for pre-commit.`,
  ]);
  git(["tag", "-a", tag, commit, "-m", `ml-hygiene ${tag}`]);
  console.log(
    `release ${tag}: commit ${commit.slice(0, 12)} (child of ${git(["rev-parse", "--short", "HEAD"])}, on no branch)`,
  );
  console.log(`publish it with: git push origin ${tag}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
