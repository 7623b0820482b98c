// The strip-notebook part of `npm run bench`: the issue's scenarios, side by side with
// nbstripout 0.9.1 (a source checkout named by PEER_NBSTRIPOUT, run with Debian's nbformat), or,
// without it, beside the figures of ../shared/specs/nbstripout.md §14 (measured on another run).
//
// Three tables, each measured interleaved: (1) one small notebook and 100 notebooks in one
// process; (2) the 20 MB notebooks; (3) git filter style, one process per notebook. Then peak RSS
// on the 20 MB notebooks, minus `node -e 0`'s (decisions #11).
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ms, runOnce, standing, summarize } from "./measure.mjs";
import { SEED, writeNotebooks } from "./notebooks.mjs";

const VMHWM = fileURLToPath(new URL("./vmhwm.cjs", import.meta.url));
const STRIP_FLOOR = fileURLToPath(new URL("./strip-floor.cjs", import.meta.url));

/** The issue's targets: our time at most this share of nbstripout's. */
export const TARGETS = {
  small: 0.6,
  batch: 0.2,
  verify: 0.3,
  text: 0.3,
  filter: 0.5,
  memory: 3, // peak RSS minus node -e 0's, as a multiple of the notebook's size
};

/**
 * nbstripout.md §14 (medians, ms; another machine and run). In-place rows there include a `cp`
 * that reset the files (listed beside them); here the reset is not timed, so it is taken off.
 */
const SPEC = {
  node: 63,
  python: 10,
  nbformat: 95,
  small: 130,
  batch: 503 - 17,
  verify: 288,
  imageT: 189,
  imageInPlace: 211 - 18,
  textT: 1119,
  textInPlace: 1141,
  textVerify: 924,
  filter: 14540, // 100 clean notebooks, `-t`, one process each
};

/**
 * The strip-notebook groups: [table, table, table] for bench.mjs's main loop. `ctx` holds what
 * bench.mjs owns: tmp, env, node, hook ({ bin }), runs/warmup (explicit or null), quick,
 * notices, fixture(), row(), progress().
 */
export function stripNotebookGroups(ctx) {
  const { env, node, hook, notices, row, quick } = ctx;
  const fx = ctx.fixture("notebooks", (dir) => {
    const made = writeNotebooks(dir);
    // The clean set: the 100 stripped once, in place, by our own binary.
    const strip = spawnSync(node, [hook.bin, ...made.names.map((name) => join("clean", name))], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    if (strip.status !== 0) throw new Error(`strip-notebook on the clean set: ${strip.stderr}`);
    for (const sub of ["work"]) cpSync(join(dir, "pristine"), join(dir, sub), { recursive: true });
    return made;
  });
  const { dir, names, big } = fx;
  const at = (extra) => ({ cwd: dir, ...extra });
  const dirty = names.map((name) => join("dirty", name));
  const work = names.map((name) => join("work", name));
  const clean = names.map((name) => join("clean", name));
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

  // In-place rows strip copies (work/, *.work.ipynb), reset from the pristine files before every
  // run, untimed; the reset's own cost is a row of its own.
  const resetWork = () => {
    for (const name of names) copyFileSync(join(dir, "pristine", name), join(dir, "work", name));
  };
  const bigWork = (key) => join(dir, `${key}.work.ipynb`);
  const resetBig = (key) => () => copyFileSync(big[key].pristine, bigWork(key));
  resetBig("image")();
  resetBig("text")();

  const peer = findPeer(ctx);
  const ours = (args) => [node, hook.bin, ...args];
  const theirs = peer && ((args) => [peer.python, "-m", "nbstripout", ...args]);
  const peerEnv = peer && { ...env, PYTHONPATH: peer.dir };

  /** Our row and nbstripout's (or its §14 figure) for one scenario. */
  const pair = (id, label, args, extra = {}, specMs = undefined) => {
    const mine = row(
      id,
      `strip-notebook ${label}`,
      ours(args),
      at({ ...extra, peer: `peer-${id}` }),
    );
    if (theirs) {
      return [
        mine,
        row(`peer-${id}`, `nbstripout ${label}`, theirs(args), at({ ...extra, env: peerEnv })),
      ];
    }
    return [
      mine,
      {
        id: `peer-${id}`,
        label: `nbstripout ${label} [§14, other run]`,
        median: specMs,
        fixed: true,
      },
    ];
  };
  const copyRow = (id, label, fn) => ({ id, label, fn: () => fn() });
  const parseRow = (key) =>
    row(`parse-${key}`, `node: read + JSON.parse ${key}-heavy (for scale)`, [
      node,
      "-e",
      `JSON.parse(require("fs").readFileSync(${JSON.stringify(big[key].file)}, "utf8"))`,
    ]);
  const interpreterRows = () =>
    peer
      ? [
          row("python", "python3 -c pass (the peer's interpreter)", [peer.python, "-c", "pass"]),
          row("nbformat", "python3 -c 'import nbformat' (the peer's floor)", [
            peer.python,
            "-c",
            "import nbformat",
          ]),
        ]
      : [];

  const n = names.length;
  const runsFor = (full, short) => ctx.runs ?? (quick ? short : full);
  const warmFor = (full) => ctx.warmup ?? full;

  const batch = {
    id: "strip-notebook",
    title: `strip-notebook: 1 small notebook (${readFileSync(fx.small).length} B) and ${n} notebooks (${mb(sizeOf(dir, dirty))} dirty, ${mb(sizeOf(dir, clean))} clean) in one process`,
    runs: runsFor(15, 5),
    warmup: warmFor(quick ? 1 : 2),
    rows: [
      ctx.nodeRow(),
      ...interpreterRows(),
      ...pair("small", "-t small.ipynb", ["-t", "small.ipynb"], {}, SPEC.small),
      row(
        "batch-floor",
        `FLOOR node: read ${n} + replace each atomically, stripped bytes known`,
        [node, STRIP_FLOOR, "clean", ...work],
        at({ before: resetWork }),
      ),
      ...pair("batch", `${n} dirty, in place`, work, { before: resetWork }, SPEC.batch),
      ...pair("verify", `--verify ${n} clean`, ["--verify", ...clean], {}, SPEC.verify),
      copyRow("reset", `reset: copy ${n} notebooks (in-process, untimed above)`, resetWork),
    ],
    verdicts: (byId) => [
      verdict(byId, "1 small notebook, -t", "small", TARGETS.small, "node", "node -e 0", peer),
      verdict(
        byId,
        `${n} dirty in place`,
        "batch",
        TARGETS.batch,
        "batch-floor",
        "node + the reads and atomic writes",
        peer,
      ),
      verdict(byId, `--verify ${n} clean`, "verify", TARGETS.verify, "node", "node -e 0", peer),
    ],
  };

  const bigRows = [ctx.nodeRow()];
  const image = big.image;
  const text = big.text;
  bigRows.push(
    parseRow("image"),
    ...pair(
      "image-t",
      `-t image-heavy (${mb(image.bytes)})`,
      ["-t", "image.ipynb"],
      {},
      SPEC.imageT,
    ),
    ...pair(
      "image-inplace",
      "image-heavy, in place",
      ["image.work.ipynb"],
      { before: resetBig("image") },
      SPEC.imageInPlace,
    ),
    copyRow(
      "reset-image",
      "reset: copy image-heavy (in-process, untimed above)",
      resetBig("image"),
    ),
    parseRow("text"),
    ...pair(
      "text-t",
      `-t text-heavy (${mb(text.bytes)}, 4,000 cells)`,
      ["-t", "text.ipynb"],
      {},
      SPEC.textT,
    ),
    ...pair(
      "text-inplace",
      "text-heavy, in place",
      ["text.work.ipynb"],
      { before: resetBig("text") },
      SPEC.textInPlace,
    ),
    ...pair(
      "text-verify",
      "--verify text-heavy (dirty: exit 1)",
      ["--verify", "text.ipynb"],
      { expect: [1] },
      SPEC.textVerify,
    ),
    copyRow("reset-text", "reset: copy text-heavy (in-process, untimed above)", resetBig("text")),
  );
  const memory = [];
  const bigTable = {
    id: "strip-notebook-20mb",
    title: `strip-notebook: 20 MB notebooks — image-heavy (${mb(image.bytes)}, 10 PNG outputs) and text-heavy (${mb(text.bytes)}, 4,000 cells)`,
    runs: runsFor(5, 3),
    warmup: warmFor(1),
    rows: bigRows,
    after: () => {
      const lines = peakRssLines(ctx, {
        dir,
        big,
        ours,
        theirs,
        peerEnv,
        peer,
        resetBig,
        memory,
      });
      return lines;
    },
    verdicts: (byId) => [
      ...["text-inplace", "text-t", "text-verify"].map((id) =>
        verdict(
          byId,
          `20 MB text-heavy, ${{ "text-inplace": "in place", "text-t": "-t", "text-verify": "--verify" }[id]}`,
          id,
          TARGETS.text,
          "node",
          "node -e 0",
          peer,
        ),
      ),
      ...["image-inplace", "image-t"].map((id) => {
        const r = byId.get(id).median / byId.get(`peer-${id}`).median;
        return `20 MB image-heavy, ${id === "image-t" ? "-t" : "in place"} (no target): ${ms(byId.get(id).median)} ms vs nbstripout ${ms(byId.get(`peer-${id}`).median)} ms${peer ? "" : " (§14 figure from another run)"} = ${r.toFixed(2)}x`;
      }),
      ...memory,
    ],
  };

  // Filter mode: git runs the filter once per notebook, notebook on stdin, result on stdout.
  const inputs = dirty.map((file) => readFileSync(join(dir, file)));
  const perProcess = new Map();
  // The floor's `node -e 0` reads no stdin (writing a notebook to it would only fail, EPIPE).
  const loopRow = (id, label, cmd, rowEnv, withInput = true) => {
    perProcess.set(id, []);
    return {
      id,
      label,
      fn: (recorded) => {
        for (const input of inputs) {
          const started = performance.now();
          const result = spawnSync(cmd[0], cmd.slice(1), {
            cwd: dir,
            env: rowEnv,
            input: withInput ? input : undefined,
            stdio: [withInput ? "pipe" : "ignore", "pipe", "pipe"],
            maxBuffer: 2 ** 28,
          });
          const took = performance.now() - started;
          if (result.error || result.status !== 0) {
            throw new Error(
              `${label}: ${result.error?.message ?? `exit ${result.status ?? result.signal}`}\n${String(result.stderr).slice(0, 800)}`,
            );
          }
          if (recorded) perProcess.get(id).push(took);
        }
      },
    };
  };
  const filterRows = [
    loopRow(
      "filter-floor",
      `FLOOR ${n} x node -e 0 (one process each)`,
      [node, "-e", "0"],
      env,
      false,
    ),
    {
      ...loopRow("filter", `strip-notebook - x${n} (stdin, one process each)`, ours(["-"]), env),
      floor: "filter-floor",
      peer: "peer-filter",
    },
  ];
  if (theirs) {
    filterRows.push({
      ...loopRow("peer-filter", `nbstripout x${n} (stdin, one process each)`, theirs([]), peerEnv),
      floor: "filter-floor",
    });
  } else {
    filterRows.push({
      id: "peer-filter",
      label: `nbstripout -t x${n} clean [§14, other run]`,
      median: SPEC.filter,
      fixed: true,
    });
  }
  const filterTable = {
    id: "strip-notebook-filter",
    title: `strip-notebook as the git filter: ${n} dirty notebooks, one process each (totals, ms)`,
    runs: runsFor(2, 1),
    warmup: ctx.warmup ?? 0,
    rows: filterRows,
    after: () =>
      [...perProcess].map(([id, samples]) => {
        const s = summarize(samples);
        return `per file, ${filterRows.find((r) => r.id === id).label.replace(/ \(.*/, "")}: median ${ms(s.median)} ms (min ${ms(s.min)}, max ${ms(s.max)}; ${s.n} processes)`;
      }),
    verdicts: (byId) => {
      const mine = byId.get("filter").median;
      const floor = byId.get("filter-floor").median;
      const them = byId.get("peer-filter").median;
      const r = mine / them;
      const floorRatio = floor / them;
      const head = `filter mode, ${n} files one process each: ${ms(mine)} ms (${ms(mine / n)} ms/file) vs nbstripout ${ms(them)} ms (${ms(them / n)} ms/file${peer ? "" : ", §14 figure from another run"}) = ${r.toFixed(3)}x (target <= ${TARGETS.filter}x)`;
      return [`${head} — ${judge(r, TARGETS.filter, floorRatio, mine, floor, `${n} x node -e 0`)}`];
    },
  };

  if (!peer) {
    notices.push(
      "strip-notebook: nbstripout was not run (set PEER_NBSTRIPOUT to a nbstripout 0.9.1 source checkout; " +
        "PEER_NBSTRIPOUT_PYTHON, default /usr/bin/python3, must import nbformat). Ratios are to the medians " +
        "of ../shared/specs/nbstripout.md §14, measured on another run (its node -e 0 was 63 ms; compare with this run's)",
    );
  } else {
    notices.push(
      `strip-notebook peer: nbstripout ${peer.version} from ${peer.dir}, ${peer.python} (nbformat ${peer.nbformat})`,
    );
  }
  notices.push(
    `strip-notebook inputs: generated from seed ${SEED} in a temp folder; in-place rows reset before every run, untimed (the copy is timed on its own row)`,
  );
  return [batch, bigTable, filterTable];
}

function findPeer(ctx) {
  const peerDir = process.env.PEER_NBSTRIPOUT;
  if (!peerDir) return null;
  const python = process.env.PEER_NBSTRIPOUT_PYTHON || "/usr/bin/python3";
  if (!existsSync(join(peerDir, "nbstripout", "_nbstripout.py"))) {
    ctx.notices.push(`PEER_NBSTRIPOUT=${peerDir} has no nbstripout/_nbstripout.py — peer not run`);
    return null;
  }
  const probe = spawnSync(
    python,
    [
      "-c",
      "import sys, nbformat; from nbstripout import _nbstripout; print(sys.executable); print(nbformat.__version__); print(_nbstripout.__version__)",
    ],
    { env: { ...ctx.env, PYTHONPATH: peerDir }, encoding: "utf8" },
  );
  if (probe.status !== 0) {
    ctx.notices.push(
      `PEER_NBSTRIPOUT: ${python} cannot import nbformat and nbstripout (${(probe.stderr || probe.error?.message || "").trim().split("\n").pop()}) — peer not run; ` +
        "install Debian's python3-nbformat, or point PEER_NBSTRIPOUT_PYTHON at a python3 that has nbformat",
    );
    return null;
  }
  const [executable, nbformat, version] = probe.stdout.trim().split("\n");
  return { dir: peerDir, python: executable, nbformat, version };
}

function sizeOf(dir, files) {
  let total = 0;
  for (const file of files) total += readFileSync(join(dir, file)).length;
  return total;
}

/** met / below the floor / NOT met (`standing`); ratios printed with three decimals. */
function judge(r, target, floorRatio, mine, floor, floorName) {
  const where = standing(r, floorRatio, target);
  if (where === "met") return "met";
  if (where === "floor") {
    return `target lies below the floor: ${floorName} alone is ${ms(floor)} ms = ${floorRatio.toFixed(3)}x nbstripout; counts as met (decisions #11); strip-notebook = ${(mine / floor).toFixed(2)}x the floor`;
  }
  return `NOT met (floor ${floorName} = ${floorRatio.toFixed(3)}x nbstripout; strip-notebook = ${(mine / floor).toFixed(2)}x the floor)`;
}

function verdict(byId, name, id, target, floorId, floorName, peer) {
  const mine = byId.get(id).median;
  const them = byId.get(`peer-${id}`).median;
  const floor = byId.get(floorId).median;
  const r = mine / them;
  return `${name}: ${ms(mine)} ms vs nbstripout ${ms(them)} ms${peer ? "" : " (§14 figure from another run)"} = ${r.toFixed(3)}x (target <= ${target}x) — ${judge(r, target, floor / them, mine, floor, floorName)}`;
}

/** How peak RSS is read: /usr/bin/time -f %M, else VmHWM polled from /proc, else not at all. */
function rssMethod() {
  const wanted = process.env.BENCH_RSS;
  if (wanted === "off") return null;
  if (wanted !== "poll" && existsSync("/usr/bin/time")) {
    const probe = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { encoding: "utf8" });
    if (probe.status === 0 && /^\d+$/.test(probe.stderr.trim().split("\n").pop())) return "time";
  }
  if (existsSync("/proc/self/status")) return "poll";
  return null;
}

function peakKb(method, cmd, { cwd, env, expect = [0], before }) {
  before?.();
  if (method === "time") {
    const { result } = runOnce({
      label: `/usr/bin/time -f %M ${cmd.slice(1, 3).join(" ")}`,
      cmd: ["/usr/bin/time", "-f", "%M", ...cmd],
      cwd,
      env,
      expect,
    });
    return Number(result.stderr.toString().trim().split("\n").pop());
  }
  const result = spawnSync(process.execPath, [VMHWM, ...cmd], { cwd, env, encoding: "utf8" });
  const report = JSON.parse(result.stdout.trim().split("\n").pop() || "{}");
  if (report.error || !expect.includes(report.status)) {
    throw new Error(
      `peak RSS of ${cmd.join(" ")}: ${report.error ?? `exit ${report.status}`}\n${report.stderr ?? ""}`,
    );
  }
  return report.kb;
}

function peakRssLines(ctx, { dir, big, ours, theirs, peerEnv, peer, resetBig, memory }) {
  const method = rssMethod();
  if (!method) {
    ctx.notices.push(
      "strip-notebook peak RSS: skipped — no /usr/bin/time (Debian package `time`) and no /proc to poll",
    );
    memory.push("peak memory below 3x the notebook's size: not measured (see Notes)");
    return [];
  }
  const { node, env } = ctx;
  const samples = ctx.quick ? 1 : 3;
  const median = (cmd, opts) => {
    const values = [];
    for (let i = 0; i < samples; i++) values.push(peakKb(method, cmd, opts));
    return summarize(values).median;
  };
  const nodeKb = median([node, "-e", "0"], { cwd: dir, env });
  const pythonKb = peer ? median([peer.python, "-c", "pass"], { cwd: dir, env }) : null;
  const cases = [
    ["image", "-t", ["-t", "image.ipynb"], {}],
    ["image", "in place", ["image.work.ipynb"], { before: resetBig("image") }],
    ["text", "-t", ["-t", "text.ipynb"], {}],
    ["text", "in place", ["text.work.ipynb"], { before: resetBig("text") }],
    ["text", "--verify", ["--verify", "text.ipynb"], { expect: [1] }],
  ];
  const mb = (kb) => `${(kb / 1024).toFixed(1)} MiB`;
  const lines = [
    `peak RSS (${method === "time" ? "/usr/bin/time -f %M" : "VmHWM polled from /proc, ~1 ms: a lower bound"}; median of ${samples}): node -e 0 ${mb(nodeKb)}` +
      (pythonKb === null ? "" : `, python3 -c pass ${mb(pythonKb)}`),
  ];
  const worst = { image: 0, text: 0 };
  for (const [key, mode, args, opts] of cases) {
    const kb = median(ours(args), { cwd: dir, env, ...opts });
    const over = ((kb - nodeKb) * 1024) / big[key].bytes;
    worst[key] = Math.max(worst[key], over);
    let line = `  ${key}-heavy ${mode}: strip-notebook ${mb(kb)} = node -e 0 + ${mb(kb - nodeKb)} = ${over.toFixed(2)}x the notebook`;
    if (theirs) {
      // One sample for the peer: context, not judged.
      const peerKb = peakKb(method, theirs(args), { cwd: dir, env: peerEnv, ...opts });
      line += `; nbstripout ${mb(peerKb)} (python3 -c pass + ${mb(peerKb - pythonKb)} = ${(((peerKb - pythonKb) * 1024) / big[key].bytes).toFixed(2)}x)`;
    }
    lines.push(line);
  }
  for (const key of ["image", "text"]) {
    const w = worst[key];
    memory.push(
      `peak memory, 20 MB ${key}-heavy (${(big[key].bytes / 1e6).toFixed(1)} MB): at most ${w.toFixed(2)}x the notebook over node -e 0 (target < ${TARGETS.memory}x) — ${w < TARGETS.memory ? "met" : "NOT met"}`,
    );
  }
  return lines;
}
