// Whole-process timing and tables for `npm run bench`.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

/**
 * A row is { id, label, cmd: [file, ...args], cwd, env, input?, expect?: [status...],
 * before?: () => void (untimed, before every run: resets files), base?: row id for the
 * "x node -e 0" column, floor?: row id for the "x floor" column, peer?: row id for the "x peer"
 * column }; or a timed in-process row { id, label, fn: (recorded) => void } (a loop of spawns, a
 * copy); or a computed row { id, label, sumOf: [row ids], times? } whose median is the sum of
 * those medians (times `times`); or a fixed row { id, label, median, fixed: true } (a figure
 * from elsewhere, not measured here).
 */
export function runOnce(row, recorded = true) {
  row.before?.();
  if (row.fn) {
    const started = performance.now();
    row.fn(recorded);
    return { ms: performance.now() - started };
  }
  const started = performance.now();
  const result = spawnSync(row.cmd[0], row.cmd.slice(1), {
    cwd: row.cwd,
    env: row.env,
    input: row.input,
    stdio: [row.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    maxBuffer: 2 ** 28,
  });
  const ms = performance.now() - started;
  const expect = row.expect ?? [0];
  if (result.error || !expect.includes(result.status)) {
    const why = result.error
      ? result.error.message
      : `exit ${result.status ?? result.signal}, expected ${expect.join(" or ")}`;
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().slice(0, 800);
    throw new Error(`${row.label}: ${why}${output ? `\n${output}` : ""}`);
  }
  return { ms, result };
}

/**
 * Time the measured rows interleaved — run i starts each row once, the starting row rotating —
 * so drift on a noisy machine hits every row alike. Warm-up runs are not recorded.
 */
export function measure(rows, { runs, warmup }) {
  const timed = rows.filter((row) => row.cmd || row.fn);
  for (const row of timed) row.samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    for (let k = 0; k < timed.length; k++) {
      const row = timed[(i + k) % timed.length];
      const { ms } = runOnce(row, i >= warmup);
      if (i >= warmup) row.samples.push(ms);
    }
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of timed) Object.assign(row, summarize(row.samples));
  for (const row of rows.filter((r) => r.sumOf)) {
    row.median = row.sumOf.reduce((sum, id) => sum + byId.get(id).median, 0) * (row.times ?? 1);
  }
  return byId;
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/**
 * Where a ratio stands against its target, judged on the exact ratio: 0.2018x does not meet
 * 0.2x, though two decimals would print it as 0.20x. "floor" when the target lies below the
 * floor's own ratio (decisions #11: that counts as met), else "not met".
 */
export function standing(r, floorRatio, target) {
  if (r <= target) return "met";
  return floorRatio > target ? "floor" : "not met";
}

export const ms = (value) => (value === undefined ? "" : value.toFixed(1));
export const ratio = (a, b) => (a === undefined || !b ? "" : `${(a / b).toFixed(2)}x`);

/** One table: case | median | min | max | x node -e 0 | x floor | x peer. */
export function formatTable(title, rows, byId) {
  const header = ["case", "median", "min", "max", "x node -e 0", "x floor", "x peer"];
  const lines = rows.map((row) => [
    row.label,
    ms(row.median),
    ms(row.min),
    ms(row.max),
    row.base && row.base !== row.id ? ratio(row.median, byId.get(row.base)?.median) : "",
    row.floor ? ratio(row.median, byId.get(row.floor)?.median) : "",
    row.peer ? ratio(row.median, byId.get(row.peer)?.median) : "",
  ]);
  // Ratio columns that no row fills (the floor in a start-up table, the peer) are left out.
  const shown = header.map((_, c) => c < 4 || lines.some((line) => line[c] !== ""));
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((line) => line[c].length)));
  const format = (cells) =>
    cells
      .filter((_, c) => shown[c])
      .map((cell, c) =>
        c === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths.filter((_, k) => shown[k])[c]),
      )
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((sum, w, c) => (shown[c] ? sum + w + 2 : sum), -2));
  return [title, format(header), rule, ...lines.map(format)].join("\n");
}
