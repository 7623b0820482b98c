// `npm run bench` (builds first, then runs this): times the built hooks as whole processes
// beside what they cannot beat — `node -e 0` and the git calls their job needs (the floor) —
// on repositories built in a temp folder, and prints medians. A benchmark, not a test: it
// exits 0 whatever the numbers, and fails only when something does not run.
//
//   node scripts/bench.mjs [--runs N] [--warmup N] [--quick] [--only GROUP[,GROUP]] [--json FILE] [--keep]
//
// Groups: baseline, commit, peer, large-repo, huge-file, startup, strip-notebook. The peer group
// runs pre-commit-hooks' check-added-large-files from a checkout named by PEER_PRE_COMMIT_HOOKS;
// strip-notebook runs nbstripout beside it from a checkout named by PEER_NBSTRIPOUT (neither is
// ever part of this repository; see the README's "Benchmarks" and scripts/bench/strip-notebook.mjs).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  git,
  hermeticEnv,
  hugeFile,
  largeRepo,
  stagedEntries,
  tenFileCommit,
} from "./bench/fixtures.mjs";
import gitCalls from "./bench/git-calls.cjs";
import { formatTable, measure, ratio, runOnce, standing, summarize } from "./bench/measure.mjs";
import { stripNotebookGroups } from "./bench/strip-notebook.mjs";

const { BATCH_CHECK, CHECK_IGNORE, STAGED_DIFF } = gitCalls;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FLOOR = join(ROOT, "scripts", "bench", "floor.cjs");
const GROUPS = [
  "baseline",
  "commit",
  "peer",
  "large-repo",
  "huge-file",
  "startup",
  "strip-notebook",
];
const TARGET = 1.3; // a 10-file commit costs at most 1.3x `node -e 0`
const LARGE_REPO_TARGET_MS = 1000; // 50,000 tracked / 100 staged: "well under a second"
const PEER_REFERENCE_MS = 100; // integration.md: pre-commit-hooks' Python hooks take ~0.10 s

const USAGE = `usage: node scripts/bench.mjs [--runs N] [--warmup N] [--quick] [--only GROUP[,GROUP]] [--json FILE] [--keep]
groups: ${GROUPS.join(", ")}
env: PEER_PRE_COMMIT_HOOKS=/path/to/pre-commit-hooks checkout (peer group), PEER_PYTHON (default python3)
     PEER_NBSTRIPOUT=/path/to/nbstripout checkout (strip-notebook), PEER_NBSTRIPOUT_PYTHON (default /usr/bin/python3)
     BENCH_RSS=time|poll|off (strip-notebook peak RSS: /usr/bin/time, /proc VmHWM polling, or none)
strip-notebook runs 15/5/2 times per table (--quick: 5/3/1) unless --runs is given`;

let args;
try {
  args = parseArgs({
    options: {
      runs: { type: "string" },
      warmup: { type: "string" },
      quick: { type: "boolean" },
      only: { type: "string", multiple: true },
      json: { type: "string" },
      keep: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (error) {
  console.error(`bench: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = positive(args.runs, args.quick ? 5 : 30, "--runs");
const warmup = positive(args.warmup, args.quick ? 1 : 2, "--warmup", true);
const only = (args.only ?? []).flatMap((value) => value.split(",")).filter(Boolean);
for (const name of only) {
  if (!GROUPS.includes(name)) {
    console.error(`bench: unknown group "${name}" — pick from ${GROUPS.join(", ")}`);
    process.exit(2);
  }
}
const selected = only.length > 0 ? GROUPS.filter((name) => only.includes(name)) : GROUPS;

const node = process.execPath;
const tmp = mkdtempSync(join(os.tmpdir(), "ml-hygiene-bench-"));
// The hooks run from a snapshot of dist/ taken now: `npm run build` empties dist/ before it
// writes, so a build in the same checkout during a run would otherwise break it.
const builtDir = join(ROOT, "dist");
if (existsSync(join(builtDir, "bin"))) cpSync(builtDir, join(tmp, "dist"), { recursive: true });
const binDir = join(tmp, "dist", "bin");
const hooks = existsSync(binDir)
  ? readdirSync(binDir)
      .filter((name) => /\.[cm]?js$/.test(name))
      .sort()
      .map((name) => ({ id: name.replace(/\.[cm]?js$/, ""), bin: join(binDir, name) }))
  : [];
if (hooks.length === 0) {
  console.error("bench: no hooks in dist/bin — run `npm run build` first (or `npm run bench`)");
  rmSync(tmp, { recursive: true, force: true });
  process.exit(2);
}
const largeFiles = hooks.find((hook) => hook.id === "check-large-files");
const stripNotebook = hooks.find((hook) => hook.id === "strip-notebook");

const env = hermeticEnv(tmp);
let cleaned = false;
const cleanup = () => {
  if (cleaned) return;
  cleaned = true;
  if (args.keep) console.error(`bench: kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

const notices = [];
const verdicts = [];
const results = [];
const fixtures = new Map();

// ---------------------------------------------------------------------------------------------

function positive(value, fallback, name, zeroOk = false) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    console.error(`bench: ${name} wants a whole number${zeroOk ? "" : " above 0"}, got "${value}"`);
    process.exit(2);
  }
  return n;
}

function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function fixture(name, build) {
  if (!fixtures.has(name)) {
    const started = performance.now();
    fixtures.set(name, build(join(tmp, name)));
    progress(`built ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return fixtures.get(name);
}

function row(id, label, cmd, extra = {}) {
  return { id, label, cmd, cwd: tmp, env, base: "node", ...extra };
}

const nodeRow = () => row("node", "node -e 0", [node, "-e", "0"]);

/** The git calls check-large-files makes in staged mode, each as its own process. */
function stagedGitRows(root, entries) {
  const oids = entries.map((entry) => entry.oid);
  const paths = entries.map((entry) => entry.path);
  const n = entries.length;
  return [
    row("diff", "git diff --cached --raw -z --no-renames", ["git", ...STAGED_DIFF], { cwd: root }),
    row("cat", `git cat-file --batch-check (${n} oids)`, ["git", ...BATCH_CHECK], {
      cwd: root,
      input: `${oids.join("\n")}\n`,
    }),
    row("ignore", `git check-ignore -v -z --stdin --no-index (${n})`, ["git", ...CHECK_IGNORE], {
      cwd: root,
      input: `${paths.join("\0")}\0`,
      expect: [0, 1],
    }),
    {
      id: "sum",
      label: "node -e 0 + these git calls (sum of medians)",
      sumOf: ["node", "diff", "cat", "ignore"],
      base: "node",
    },
    row("floor", "FLOOR staged: node + the git calls, 1 process", [node, FLOOR, "staged"], {
      cwd: root,
    }),
  ];
}

/** The FILE-mode (pre-commit) counterpart: the floor (lstat + the same diff + check-ignore), the hook. */
function fileModeRows(root, files, expect = [0]) {
  return [
    row(
      "floor-files",
      "FLOOR FILE mode: node + lstat + 2 git calls",
      [node, FLOOR, "files", ...files],
      {
        cwd: root,
      },
    ),
    row(
      "hook-files",
      `check-large-files FILE x${files.length} (pre-commit)`,
      [node, largeFiles.bin, ...files],
      { cwd: root, floor: "floor-files", expect },
    ),
  ];
}

/** One commit's table: node, the staged git calls and floor, the hook staged, then FILE mode. */
function commitRows(root, entries, staged) {
  return [
    nodeRow(),
    ...stagedGitRows(root, entries),
    row("hook", "check-large-files staged, no args (husky)", [node, largeFiles.bin], {
      cwd: root,
      floor: "floor",
    }),
    ...fileModeRows(root, staged),
  ];
}

function needsLargeFiles(title) {
  if (largeFiles) return true;
  notices.push(`${title}: skipped — dist/bin/check-large-files.{js,cjs} is missing`);
  return false;
}

/** "name: X ms = R x node -e 0 (target <= 1.3x) — met", with the floor beside it. */
function targetVerdict(name, byId, hookId, floorId) {
  const hook = byId.get(hookId).median;
  const base = byId.get("node").median;
  const floor = byId.get(floorId).median;
  const floorText = `floor ${floor.toFixed(1)} ms = ${ratio(floor, base)}`;
  const where = standing(hook / base, floor / base, TARGET);
  const verdict =
    where === "met"
      ? "met"
      : where === "floor"
        ? `target lies below the floor, counts as met (decisions #11); hook = ${ratio(hook, floor)} the floor`
        : `NOT met; hook = ${ratio(hook, floor)} the floor`;
  return `${name}: ${hook.toFixed(1)} ms = ${ratio(hook, base)} node -e 0 (${base.toFixed(1)} ms; target <= ${TARGET}x) — ${verdict}; ${floorText}`;
}

function findNode(major) {
  const dirs = major === 22 ? ["node", "node22"] : [`node${major}`];
  const candidates = [
    ...dirs.map((dir) => join(ROOT, ".ci", dir, "node_modules", ".bin", "node")),
    `/work/tools/node${major}/node_modules/.bin/node`,
    ...(Number(process.versions.node.split(".")[0]) === major ? [process.execPath] : []),
  ];
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    const probe = spawnSync(bin, ["-p", "process.versions.node"], { env, encoding: "utf8" });
    const version = probe.stdout?.trim();
    if (probe.status === 0 && Number(version?.split(".")[0]) === major) return { bin, version };
  }
  return null;
}

function peakRssKb(cmd, cwd, expect) {
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const { result } = runOnce({
      label: `/usr/bin/time ${basename(cmd[1] ?? cmd[0])}`,
      cmd: ["/usr/bin/time", "-f", "%M", ...cmd],
      cwd,
      env,
      expect,
    });
    const lines = result.stderr.toString().trim().split("\n");
    samples.push(Number(lines[lines.length - 1]));
  }
  return summarize(samples).median;
}

// ---------------------------------------------------------------------------------------------

const GROUP_BUILDERS = {
  baseline: () => ({
    title: "Baseline: Node start-up and one git spawn",
    rows: [
      nodeRow(),
      row("git", "git --version", ["git", "--version"]),
      row("node-git", "node + spawnSync('git', ['--version'])", [
        node,
        "-e",
        "require('node:child_process').spawnSync('git', ['--version'])",
      ]),
    ],
  }),

  commit: () => {
    if (!needsLargeFiles("10-file commit")) return null;
    const fx = fixture("commit", (dir) => tenFileCommit(dir, env));
    const entries = stagedEntries(fx.root, env);
    return {
      title: "10-file commit (5 added, 5 modified; 200 tracked files): floor and check-large-files",
      rows: commitRows(fx.root, entries, fx.staged),
      verdicts: (byId) => [
        targetVerdict("10-file commit, staged (husky)", byId, "hook", "floor"),
        targetVerdict("10-file commit, FILE mode (pre-commit)", byId, "hook-files", "floor-files"),
      ],
    };
  },

  peer: () => {
    if (!needsLargeFiles("peer comparison")) return null;
    const fx = fixture("commit", (dir) => tenFileCommit(dir, env));
    const rows = [
      nodeRow(),
      row(
        "hook-files",
        `check-large-files --maxkb=500 FILE x${fx.staged.length}`,
        [node, largeFiles.bin, "--maxkb=500", ...fx.staged],
        { cwd: fx.root },
      ),
      row("hook", "check-large-files --maxkb=500 (staged)", [node, largeFiles.bin, "--maxkb=500"], {
        cwd: fx.root,
      }),
    ];
    const peerDir = process.env.PEER_PRE_COMMIT_HOOKS;
    const python = resolvePython();
    const peerModule = peerDir && join(peerDir, "pre_commit_hooks", "check_added_large_files.py");
    let peer = false;
    if (!peerDir) {
      notices.push(
        "PEER_PRE_COMMIT_HOOKS is not set: pre-commit-hooks' check-added-large-files was not run; " +
          `reference figure (integration.md): its Python hooks take about ${PEER_REFERENCE_MS / 1000} s per run`,
      );
    } else if (!existsSync(peerModule)) {
      notices.push(
        `PEER_PRE_COMMIT_HOOKS=${peerDir} has no pre_commit_hooks/check_added_large_files.py — peer not run`,
      );
    } else if (!python) {
      notices.push("no python3 found (or PEER_PYTHON) — peer not run");
    } else {
      peer = true;
    }
    if (python) {
      rows.push(
        row("python", "python3 -c pass (the peer's interpreter start-up)", [python, "-c", "pass"]),
      );
    }
    if (peer) {
      rows.push(
        row(
          "peer",
          `pre-commit-hooks check-added-large-files --maxkb=500 FILE x${fx.staged.length}`,
          [python, "-m", "pre_commit_hooks.check_added_large_files", "--maxkb=500", ...fx.staged],
          { cwd: fx.root, env: { ...env, PYTHONPATH: peerDir } },
        ),
      );
    }
    return {
      title: "Peer: the same 10-file commit, pre-commit-hooks (Python) beside check-large-files",
      rows,
      after: () => (python ? [`(python: ${python})`] : []),
      verdicts: (byId) => {
        const hook = byId.get("hook-files").median;
        if (peer) {
          const p = byId.get("peer").median;
          return [
            `vs pre-commit-hooks check-added-large-files (FILE x${fx.staged.length}): ${hook.toFixed(1)} ms vs ${p.toFixed(1)} ms = ${ratio(hook, p)} the peer's time`,
          ];
        }
        return [
          `vs pre-commit-hooks (not measured; reference ~${PEER_REFERENCE_MS} ms): check-large-files FILE x${fx.staged.length} ${hook.toFixed(1)} ms`,
        ];
      },
    };
  },

  "large-repo": () => {
    if (!needsLargeFiles("50,000-file repository")) return null;
    const fx = fixture("large-repo", (dir) => largeRepo(dir, env, 50_000, 100));
    const entries = stagedEntries(fx.root, env);
    return {
      title: `50,000 tracked files, ${entries.length} staged (50 modified, 50 added)`,
      rows: commitRows(fx.root, entries, fx.staged),
      verdicts: (byId) =>
        [
          ["staged", "hook", "floor"],
          ["FILE mode", "hook-files", "floor-files"],
        ].map(([mode, hookId, floorId]) => {
          const hook = byId.get(hookId).median;
          const floor = byId.get(floorId).median;
          const verdict =
            hook <= LARGE_REPO_TARGET_MS / 2
              ? "met"
              : hook < LARGE_REPO_TARGET_MS
                ? "under 1 s, but not well under"
                : "NOT met";
          return `50,000 tracked / ${entries.length} staged, ${mode}: ${hook.toFixed(1)} ms (target: well under 1000 ms) — ${verdict}; floor ${floor.toFixed(1)} ms, hook = ${ratio(hook, floor)} the floor`;
        }),
    };
  },

  "huge-file": () => {
    if (!needsLargeFiles("1 GiB staged file")) return null;
    const fx = fixture("huge-file", (dir) => hugeFile(dir, env));
    const entries = stagedEntries(fx.root, env);
    const oid = entries[0].oid;
    let extraRss = null;
    let readMs = null;
    const group = {
      title: "1 GiB sparse file staged (models/checkpoint.pt): judged without reading it",
      rows: [
        nodeRow(),
        row("cat", "git cat-file --batch-check (its oid)", ["git", ...BATCH_CHECK], {
          cwd: fx.root,
          input: `${oid}\n`,
        }),
        row("floor", "FLOOR staged: node + the git calls, 1 process", [node, FLOOR, "staged"], {
          cwd: fx.root,
        }),
        row("hook", "check-large-files staged (finds it: exit 1)", [node, largeFiles.bin], {
          cwd: fx.root,
          floor: "floor",
          expect: [1],
        }),
        row(
          "floor-files",
          "FLOOR FILE mode: node + lstat + 2 git calls",
          [node, FLOOR, "files", ...fx.staged],
          {
            cwd: fx.root,
          },
        ),
        row(
          "hook-files",
          "check-large-files FILE x1 (exit 1)",
          [node, largeFiles.bin, ...fx.staged],
          {
            cwd: fx.root,
            floor: "floor-files",
            expect: [1],
          },
        ),
      ],
      after: () => {
        const lines = [];
        if (existsSync("/usr/bin/time")) {
          const hookKb = peakRssKb([node, largeFiles.bin], fx.root, [1]);
          const nodeKb = peakRssKb([node, "-e", "0"], fx.root, [0]);
          extraRss = (hookKb - nodeKb) / 1024;
          lines.push(
            `peak RSS (median of 3): check-large-files staged ${(hookKb / 1024).toFixed(1)} MB, node -e 0 ${(nodeKb / 1024).toFixed(1)} MB (+${extraRss.toFixed(1)} MB)`,
          );
        }
        if (!args.quick) {
          const read = [];
          for (let i = 0; i < 3; i++) {
            read.push(
              runOnce({
                label: "git cat-file blob",
                cmd: ["sh", "-c", `git cat-file blob ${oid} >/dev/null`],
                cwd: fx.root,
                env,
              }).ms,
            );
          }
          readMs = summarize(read).median;
          lines.push(
            `for scale, reading the blob once (git cat-file blob > /dev/null, median of 3): ${readMs.toFixed(0)} ms`,
          );
        }
        return lines;
      },
      // "Judged without reading it": the hook's time over its floor (which never reads the
      // blob) stays under 50 ms (reading 1 GiB costs far more, see the line above), and its
      // peak RSS stays within 100 MB of node -e 0.
      verdicts: (byId) => {
        const hook = byId.get("hook").median;
        const floor = byId.get("floor").median;
        const over = hook - floor;
        const met = over < 50 && (extraRss === null || extraRss < 100);
        return [
          `1 GiB staged file, staged: ${hook.toFixed(1)} ms, ${over.toFixed(1)} ms over its floor (${floor.toFixed(1)} ms, never reads the blob)` +
            (extraRss === null ? "" : `, peak RSS +${extraRss.toFixed(1)} MB over node -e 0`) +
            (readMs === null ? "" : `; reading the blob once: ${readMs.toFixed(0)} ms`) +
            ` — ${met ? "not read: met" : "NOT met"}`,
        ];
      },
    };
    return group;
  },

  startup: () => {
    const rows = [];
    const found = [];
    for (const major of [18, 20, 22]) {
      const nodeN = findNode(major);
      if (!nodeN) {
        notices.push(
          `Node ${major} not found (.ci/node${major === 22 ? "" : major}/node_modules/.bin/node or /work/tools/node${major}/...) — skipped`,
        );
        continue;
      }
      found.push({ major, ...nodeN });
      rows.push({
        ...row(`node${major}`, `node ${nodeN.version} -e 0`, [nodeN.bin, "-e", "0"]),
        base: null,
      });
      for (const hook of hooks) {
        rows.push(
          row(
            `${hook.id}@${major}`,
            `${hook.id} --version (node ${major})`,
            [nodeN.bin, hook.bin, "--version"],
            {
              base: `node${major}`,
            },
          ),
        );
      }
    }
    if (rows.length === 0) return null;
    return {
      title: "Start-up per Node version: HOOK --version beside node -e 0 of the same version",
      rows,
      verdicts: (byId) =>
        found.flatMap(({ major, version }) =>
          hooks.map((hook) => {
            const r = Number(
              (byId.get(`${hook.id}@${major}`).median / byId.get(`node${major}`).median).toFixed(2),
            );
            return `start-up, Node ${version}: ${hook.id} --version = ${r.toFixed(2)}x node -e 0 (${r <= TARGET ? "within" : "over"} ${TARGET}x)`;
          }),
        ),
    };
  },
};

GROUP_BUILDERS["strip-notebook"] = () => {
  if (!stripNotebook) {
    notices.push("strip-notebook: skipped — dist/bin/strip-notebook.{js,cjs} is missing");
    return null;
  }
  return stripNotebookGroups({
    tmp,
    env,
    node,
    hook: stripNotebook,
    runs: args.runs === undefined ? null : runs,
    warmup: args.warmup === undefined ? null : warmup,
    quick: args.quick === true,
    notices,
    fixture,
    row,
    nodeRow,
    progress,
  });
};

function resolvePython() {
  const python = process.env.PEER_PYTHON || "python3";
  // pyenv and similar put a shell shim first on PATH; time the interpreter itself.
  const probe = spawnSync(python, ["-c", "import sys; print(sys.executable)"], {
    env,
    encoding: "utf8",
  });
  return probe.status === 0 && probe.stdout.trim() ? probe.stdout.trim() : null;
}

function main() {
  try {
    const gitVersion = git(tmp, env, ["--version"])
      .trim()
      .replace(/^git version /, "");
    console.log(
      `ml-hygiene bench — Node ${process.versions.node}, git ${gitVersion}, ${os.platform()} ${os.arch()}, ` +
        `${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}; ${runs} runs after ${warmup} warm-up, ` +
        "interleaved; whole-process wall time, ms",
    );
    for (const name of selected) {
      // A builder gives one group (one table) or several; a group may set its own runs.
      for (const group of [GROUP_BUILDERS[name]()].flat()) {
        if (!group) continue;
        const id = group.id ?? name;
        const groupRuns = group.runs ?? runs;
        progress(
          `measuring ${id}: ${group.rows.filter((row) => row.cmd || row.fn).length} cases x ${groupRuns}`,
        );
        const byId = measure(group.rows, { runs: groupRuns, warmup: group.warmup ?? warmup });
        console.log(`\n${formatTable(`== ${group.title}`, group.rows, byId)}`);
        for (const line of group.after?.(byId) ?? []) console.log(line);
        for (const line of group.verdicts?.(byId) ?? []) verdicts.push(line);
        results.push({
          id,
          title: group.title,
          runs: groupRuns,
          rows: group.rows.map(
            ({ id, label, cmd, median, min, max, n, samples, sumOf, times, fixed }) => ({
              id,
              label,
              cmd: cmd?.map((part) => part.replace(tmp, "$TMP")),
              sumOf,
              times,
              fixed,
              median,
              min,
              max,
              n,
              samples,
            }),
          ),
        });
      }
    }
    if (notices.length > 0) console.log(`\nNotes\n${notices.map((n) => `- ${n}`).join("\n")}`);
    if (verdicts.length > 0) console.log(`\nVerdict\n${verdicts.map((v) => `- ${v}`).join("\n")}`);
    if (args.json) {
      writeFileSync(
        args.json,
        `${JSON.stringify(
          {
            date: new Date().toISOString(),
            node: process.versions.node,
            git: gitVersion,
            cpus: os.cpus().length,
            load: os.loadavg(),
            runs,
            warmup,
            groups: results,
            notices,
            verdicts,
          },
          null,
          2,
        )}\n`,
      );
      progress(`wrote ${args.json}`);
    }
  } catch (error) {
    console.error(`bench: ${error.message}`);
    process.exitCode = 1;
  } finally {
    cleanup();
  }
}

main();
