import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, NOTEBOOK_FIXTURES, runStrip, STRIP_BIN } from "../helpers/notebooks.js";
import { requireTool, which } from "../helpers/project-copy.js";
import { hermeticEnv, TestRepo, tempDir } from "../helpers/repo.js";

/** One reviewed fixture case (fixtures/notebooks/cases.json). */
interface FixtureCase {
  readonly name: string;
  readonly input: string;
  readonly invocation?: "file" | "stdin";
  readonly file_name?: string;
  readonly args: readonly string[];
  readonly expected?: string | null;
  readonly exit: number;
  readonly stdout?: string;
  readonly stdout_file?: string;
  readonly unchanged?: boolean;
  readonly stderr_contains?: readonly string[];
}

const fixtureCases = JSON.parse(
  readFileSync(join(NOTEBOOK_FIXTURES, "cases.json"), "utf8"),
) as FixtureCase[];
const fixture = (name: string): Buffer => readFileSync(join(NOTEBOOK_FIXTURES, name));

let scratch: string[] = [];
const scratchDir = (): { dir: string; env: NodeJS.ProcessEnv } => {
  const dir = tempDir("mlh-strip-");
  scratch.push(dir);
  return { dir, env: hermeticEnv(dir) };
};

beforeAll(() => assertBuilt());
afterEach(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch = [];
});

describe("strip-notebook on the reviewed fixtures", () => {
  it.each(fixtureCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { dir, env } = scratchDir();
    const input = fixture(c.input);
    const fileName = c.file_name ?? basename(c.input);
    const file = join(dir, fileName);
    const sub = (text: string): string => text.split("{path}").join(fileName);
    let result: ReturnType<typeof runStrip>;
    let mtimeBefore = 0n;
    if ((c.invocation ?? "file") === "stdin") {
      result = runStrip(c.args, { cwd: dir, env, input });
    } else {
      writeFileSync(file, input);
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(file, old, old);
      mtimeBefore = statSync(file, { bigint: true }).mtimeNs;
      result = runStrip(c.args.map(sub), { cwd: dir, env });
    }
    expect(result.status, result.stderr).toBe(c.exit);
    if (c.expected) expect(readFileSync(file).toString()).toBe(fixture(c.expected).toString());
    if (c.unchanged) {
      expect(readFileSync(file).equals(input)).toBe(true);
      expect(statSync(file, { bigint: true }).mtimeNs).toBe(mtimeBefore);
    }
    if (c.stdout !== undefined) expect(result.stdout.toString()).toBe(sub(c.stdout));
    if (c.stdout_file) expect(result.stdout.toString()).toBe(fixture(c.stdout_file).toString());
    for (const text of c.stderr_contains ?? []) expect(result.stderr).toContain(sub(text));
    // Nothing but the notebook is left behind (no temp files).
    if ((c.invocation ?? "file") === "file") expect(readdirSync(dir).sort()).toContain(fileName);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("strip-notebook writes safely", () => {
  it("keeps the file mode and leaves no temp file", () => {
    const { dir, env } = scratchDir();
    const file = join(dir, "nb.ipynb");
    writeFileSync(file, fixture("basic.ipynb"));
    chmodSync(file, 0o640);
    expect(runStrip(["nb.ipynb"], { cwd: dir, env }).status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file).toString()).toBe(fixture("expected/basic.default.ipynb").toString());
    // hermeticEnv's file, and (the folder is HOME too) the bin wrapper's code cache.
    const left = readdirSync(dir).filter((name) => name !== ".cache");
    expect(left.sort()).toEqual([".gitconfig-test", "nb.ipynb"]);
  });

  it("writes through a symlink instead of replacing it", () => {
    const { dir, env } = scratchDir();
    const target = join(dir, "real.ipynb");
    writeFileSync(target, fixture("basic.ipynb"));
    symlinkSync("real.ipynb", join(dir, "link.ipynb"));
    expect(runStrip(["link.ipynb"], { cwd: dir, env }).status).toBe(0);
    expect(lstatSync(join(dir, "link.ipynb")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.ipynb"))).toBe("real.ipynb");
    expect(readFileSync(target).toString()).toBe(
      fixture("expected/basic.default.ipynb").toString(),
    );
  });

  it.skipIf(process.getuid?.() === 0)("refuses a read-only notebook and leaves it alone", () => {
    const { dir, env } = scratchDir();
    const file = join(dir, "ro.ipynb");
    writeFileSync(file, fixture("basic.ipynb"));
    chmodSync(file, 0o444);
    const result = runStrip(["ro.ipynb"], { cwd: dir, env });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Could not strip 'ro.ipynb'");
    expect(readFileSync(file).equals(fixture("basic.ipynb"))).toBe(true);
  });

  it("stops at the first bad notebook, as nbstripout does, after stripping the earlier ones", () => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "a.ipynb"), fixture("basic.ipynb"));
    writeFileSync(join(dir, "b.ipynb"), fixture("bad/trailing-comma.ipynb"));
    writeFileSync(join(dir, "c.ipynb"), fixture("basic.ipynb"));
    const result = runStrip(["a.ipynb", "b.ipynb", "c.ipynb"], { cwd: dir, env });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("No valid notebook detected in 'b.ipynb'");
    expect(readFileSync(join(dir, "a.ipynb")).toString()).toBe(
      fixture("expected/basic.default.ipynb").toString(),
    );
    expect(readFileSync(join(dir, "c.ipynb")).equals(fixture("basic.ipynb"))).toBe(true);
    // a's rename may still run while b is read: its report still comes first.
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^strip-notebook: stripped a\.ipynb /);
    expect(lines[1]).toContain("No valid notebook detected in 'b.ipynb'");
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps stderr and stdout in order on one shared output (-t, a warning per notebook)", () => {
    const { dir, env } = scratchDir();
    const names = ["a.ipynb", "b.ipynb"];
    for (const name of names) {
      const notebook = JSON.parse(fixture("basic.ipynb").toString());
      const code = notebook.cells.findIndex(
        (cell: { cell_type: string }) => cell.cell_type === "code",
      );
      notebook.cells[code].metadata.keep_output = true;
      notebook.cells[code].outputs = [
        { name: "stdout", output_type: "stream", text: [`${name} ${"x".repeat(200)}\n`] },
      ];
      writeFileSync(join(dir, name), `${JSON.stringify(notebook, null, 1)}\n`);
    }
    // One file as both stdout and stderr: what a terminal, or pre-commit's pipe, shows.
    const shared = join(dir, "output.txt");
    const fd = openSync(shared, "w");
    try {
      const result = spawnSync(process.execPath, [STRIP_BIN, "-t", "--max-size", "100", ...names], {
        cwd: dir,
        env,
        stdio: ["ignore", fd, fd],
      });
      expect(result.status).toBe(0);
    } finally {
      closeSync(fd);
    }
    const output = readFileSync(shared, "utf8");
    const at = (text: string) => {
      const index = output.indexOf(text);
      expect(index, text).toBeGreaterThanOrEqual(0);
      return index;
    };
    const warning = (name: string) => `strip-notebook: ${name}: warning: cell`;
    expect(at(warning("a.ipynb"))).toBeLessThan(at("a.ipynb xxx"));
    expect(at("a.ipynb xxx")).toBeLessThan(at(warning("b.ipynb")));
    expect(at(warning("b.ipynb"))).toBeLessThan(at("b.ipynb xxx"));
  });

  it("says what it did before it starts on a big notebook (its lines are not held)", async () => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "a.ipynb"), fixture("basic.ipynb"));
    // Text-heavy (many small outputs), the slow kind to strip: ~12 MB, ~150 ms and more here.
    const bigText = codeCellNotebook(3000, (i) => ({
      name: "stdout",
      output_type: "stream",
      text: Array.from({ length: 100 }, (_, k) => `${i}.${k} ${"x".repeat(20)}\n`),
    }));
    writeFileSync(join(dir, "big.ipynb"), bigText);
    const child = spawn(process.execPath, [STRIP_BIN, "a.ipynb", "big.ipynb"], {
      cwd: dir,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const started = performance.now();
    let firstLineAt = Number.NaN;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr === "") firstLineAt = performance.now() - started;
      stderr += chunk.toString();
    });
    const status = await new Promise((done) => child.on("close", done));
    const endedAt = performance.now() - started;
    expect(status).toBe(0);
    expect(stderr).toMatch(
      /^strip-notebook: stripped a\.ipynb .*\nstrip-notebook: stripped big\.ipynb /,
    );
    // a.ipynb's line came out before that work, not with big.ipynb's at the end.
    expect(endedAt - firstLineAt).toBeGreaterThan(50);
  });

  it("reports many notebooks in the order given, each written in full", () => {
    const { dir, env } = scratchDir();
    const names = Array.from({ length: 30 }, (_, i) => `nb${String(i).padStart(2, "0")}.ipynb`);
    for (const name of names) writeFileSync(join(dir, name), fixture("basic.ipynb"));
    const result = runStrip([...names].reverse(), { cwd: dir, env });
    expect(result.status, result.stderr).toBe(0);
    const reported = result.stderr
      .trimEnd()
      .split("\n")
      .map((line) => /stripped (\S+)/.exec(line)?.[1]);
    expect(reported).toEqual([...names].reverse());
    for (const name of names) {
      expect(readFileSync(join(dir, name)).toString()).toBe(
        fixture("expected/basic.default.ipynb").toString(),
      );
    }
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("strips a notebook named twice, or through a link, as one: never 'changed while being stripped'", () => {
    const { dir, env } = scratchDir();
    symlinkSync("a.ipynb", join(dir, "link.ipynb"));
    // The first name's rename may still be running when the second is read: ten rounds.
    for (let round = 0; round < 10; round++) {
      writeFileSync(join(dir, "a.ipynb"), fixture("basic.ipynb"));
      const result = runStrip(["a.ipynb", "a.ipynb", "link.ipynb"], { cwd: dir, env });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr.match(/stripped/g)).toHaveLength(1);
      expect(readFileSync(join(dir, "a.ipynb")).toString()).toBe(
        fixture("expected/basic.default.ipynb").toString(),
      );
    }
  });

  it("reports what it removed on stderr, keeps stdout empty", () => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "nb.ipynb"), fixture("basic.ipynb"));
    const result = runStrip(["nb.ipynb"], { cwd: dir, env });
    expect(result.stdout.toString()).toBe("");
    expect(result.stderr).toMatch(
      /^strip-notebook: stripped nb\.ipynb \(removed 5 outputs, .* smaller\)\n$/,
    );
  });
});

describe("strip-notebook reads all of stdin", () => {
  // Filter mode reads a pipe in growing chunks (src/files/read-stdin.ts); a non-blocking one
  // (O_NONBLOCK survives exec) makes the synchronous read fail with EAGAIN mid-way.
  const input = fixture("basic.ipynb");
  const expected = fixture("expected/basic.default.ipynb").toString();
  const feed = (
    launcher: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((done, fail) => {
      const child = spawn(launcher[0] as string, launcher.slice(1), { env });
      let out = "";
      let err = "";
      child.stdout.on("data", (data: Buffer) => {
        out += data.toString();
      });
      child.stderr.on("data", (data: Buffer) => {
        err += data.toString();
      });
      child.on("error", fail);
      child.on("close", (code) => done({ code, out, err }));
      // Half now, half later: the first read finds the pipe empty before the rest arrives.
      child.stdin.write(input.subarray(0, 100));
      setTimeout(() => child.stdin.end(input.subarray(100)), 300);
    });

  it("from a pipe written in two parts", async () => {
    const { env } = scratchDir();
    const result = await feed([process.execPath, STRIP_BIN, "-"], env);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toBe(expected);
  });

  it("from a non-blocking pipe (EAGAIN), as a stream", async () => {
    const python = which("python3");
    if (!requireTool(python !== null, "python3 (to hand strip-notebook a non-blocking stdin)"))
      return;
    const { env } = scratchDir();
    const launcher = [
      python as string,
      "-c",
      "import fcntl, os, sys; fcntl.fcntl(0, fcntl.F_SETFL, fcntl.fcntl(0, fcntl.F_GETFL) | os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])",
      process.execPath,
      STRIP_BIN,
      "-",
    ];
    const result = await feed(launcher, env);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toBe(expected);
  });
});

describe("strip-notebook writes all of stdout", () => {
  // stdout and stderr are written straight to their descriptors (src/runtime/stdio.ts); a
  // non-blocking pipe (O_NONBLOCK survives exec) refuses a write with EAGAIN once it is full,
  // and a reader that leaves early makes the next write fail with EPIPE.
  const bigNotebook = (): Buffer => {
    const line = `${"x".repeat(99)}\n`;
    const cells = Array.from({ length: 40 }, (_, i) => ({
      cell_type: "code",
      execution_count: i + 1,
      id: `cell-${i}`,
      metadata: {},
      outputs: [{ name: "stdout", output_type: "stream", text: [`${i}\n`] }],
      source: Array.from({ length: 500 }, () => line),
    }));
    const notebook = { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
    return Buffer.from(`${JSON.stringify(notebook, null, 1)}\n`);
  };
  const run = (
    launcher: string[],
    env: NodeJS.ProcessEnv,
    reader: "slow" | "leaves",
  ): Promise<{ code: number | null; out: Buffer; err: string }> =>
    new Promise((done, fail) => {
      const child = spawn(launcher[0] as string, launcher.slice(1), { env });
      const out: Buffer[] = [];
      let err = "";
      child.stderr.on("data", (data: Buffer) => {
        err += data.toString();
      });
      child.on("error", fail);
      child.on("close", (code) => done({ code, out: Buffer.concat(out), err }));
      if (reader === "leaves") {
        child.stdout.once("data", () => child.stdout.destroy());
        return;
      }
      // Read nothing for a while: the 64 KB pipe fills long before the 2 MB are written.
      child.stdout.pause();
      child.stdout.on("data", (data: Buffer) => out.push(data));
      setTimeout(() => child.stdout.resume(), 300);
    });

  it("to a non-blocking pipe that fills up (EAGAIN), in full and in order", async () => {
    const python = which("python3");
    if (!requireTool(python !== null, "python3 (to hand strip-notebook a non-blocking stdout)"))
      return;
    const { dir, env } = scratchDir();
    const file = join(dir, "big.ipynb");
    writeFileSync(file, bigNotebook());
    const expected = runStrip(["-t", "big.ipynb"], { cwd: dir, env });
    expect(expected.status).toBe(0);
    expect(expected.stdout.length).toBeGreaterThan(1_000_000);
    const launcher = [
      python as string,
      "-c",
      "import fcntl, os, sys; fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])",
      process.execPath,
      STRIP_BIN,
      "-t",
      file,
      file,
    ];
    const result = await run(launcher, env, "slow");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out.equals(Buffer.concat([expected.stdout, expected.stdout]))).toBe(true);
  });

  it("to a full disk (ENOSPC): one line saying so, exit 2, not an internal error", () => {
    if (!requireTool(existsSync("/dev/full"), "/dev/full (a device that is always full)")) return;
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "nb.ipynb"), fixture("basic.ipynb"));
    const full = openSync("/dev/full", "w");
    try {
      const result = spawnSync(process.execPath, [STRIP_BIN, "-t", "nb.ipynb"], {
        cwd: dir,
        env,
        stdio: ["ignore", full, "pipe"],
      });
      expect(result.status).toBe(2);
      expect(result.stderr.toString()).toBe(
        "strip-notebook: cannot write to stdout: no space left on device (ENOSPC) — free some space where the output goes\n",
      );
    } finally {
      closeSync(full);
    }
  });

  it("to a reader that leaves early (EPIPE): no error, as nbstripout", async () => {
    const { dir, env } = scratchDir();
    const file = join(dir, "big.ipynb");
    writeFileSync(file, bigNotebook());
    const result = await run([process.execPath, STRIP_BIN, "-t", file, file], env, "leaves");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("strip-notebook arguments", () => {
  it("never takes pre-commit's file names as output types", () => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "a.ipynb"), fixture("basic.ipynb"));
    writeFileSync(join(dir, "b.ipynb"), fixture("basic.ipynb"));
    const result = runStrip(
      ["--keep-output-type", "stream:stderr", "error", "a.ipynb", "b.ipynb"],
      {
        cwd: dir,
        env,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    for (const name of ["a.ipynb", "b.ipynb"]) {
      expect(readFileSync(join(dir, name)).toString()).toBe(
        fixture("expected/basic.keep-output-type.ipynb").toString(),
      );
    }
  });

  it("reads stdin for -, also after a multi-value option", () => {
    const { dir, env } = scratchDir();
    const result = runStrip(["--keep-output-type", "stream:stderr", "error", "-"], {
      cwd: dir,
      env,
      input: fixture("basic.ipynb"),
    });
    expect(result.status).toBe(0);
    expect(result.stdout.toString()).toBe(
      fixture("expected/basic.keep-output-type.ipynb").toString(),
    );
  });

  it("without file arguments outside a repository: exit 2 naming the fix", () => {
    const { dir, env } = scratchDir();
    const result = runStrip([], { cwd: dir, env });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^strip-notebook: not inside a git repository .* pass notebook paths, or - for stdin\n$/,
    );
  });

  it.each([
    [["--no-such-flag", "a.ipynb"], "unknown option --no-such-flag"],
    [["--max-size", "1KB", "a.ipynb"], "unknown size identifier B"],
    [["--mode", "colab", "a.ipynb"], "--mode must be one of jupyter, zeppelin"],
    [["--drop-output-type", "a:b:c", "a.ipynb"], "is not an output type"],
    [["--format", "json", "-t", "a.ipynb"], "--format json cannot be combined with -t"],
    [["--format", "json", "-"], "--format json cannot be used with stdin"],
    [["--staged", "a.ipynb"], "cannot be combined with --staged"],
  ])("refuses %j with exit 2", (args, message) => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "a.ipynb"), fixture("basic.ipynb"));
    const result = runStrip(args, { cwd: dir, env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(readFileSync(join(dir, "a.ipynb")).equals(fixture("basic.ipynb"))).toBe(true);
  });

  it("prints help and version", () => {
    const { dir, env } = scratchDir();
    const help = runStrip(["--help"], { cwd: dir, env });
    expect(help.status).toBe(0);
    for (const flag of [
      "--keep-output-type",
      "--drop-tagged-cells",
      "--unix-newlines",
      "--textconv",
    ]) {
      expect(help.stdout.toString()).toContain(flag);
    }
    expect(runStrip(["--version"], { cwd: dir, env }).stdout.toString()).toMatch(
      /^strip-notebook \(ml-hygiene\) /,
    );
  });

  it("--format json reports findings with --verify and modified files otherwise", () => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "a.ipynb"), fixture("basic.ipynb"));
    writeFileSync(join(dir, "done.ipynb"), fixture("expected/basic.default.ipynb"));
    const verify = runStrip(["--verify", "--format", "json", "a.ipynb", "done.ipynb"], {
      cwd: dir,
      env,
    });
    expect(verify.status).toBe(1);
    const report = JSON.parse(verify.stdout.toString());
    expect(report.hook).toBe("strip-notebook");
    expect(report.findings.map((f: { path: string; rule: string }) => [f.path, f.rule])).toEqual([
      ["a.ipynb", "unstripped"],
    ]);
    expect(report.modified).toEqual([]);
    const fix = runStrip(["--format", "json", "a.ipynb", "done.ipynb"], { cwd: dir, env });
    expect(fix.status).toBe(0);
    expect(JSON.parse(fix.stdout.toString())).toEqual({
      hook: "strip-notebook",
      findings: [],
      modified: ["a.ipynb"],
    });
  });
});

describe("strip-notebook configuration", () => {
  let repo: TestRepo | undefined;
  afterEach(() => {
    repo?.cleanup();
    repo = undefined;
  });

  it("reads git config filter.nbstripout.extrakeys and keepmetadatakeys inside a repository", () => {
    repo = new TestRepo();
    repo.write("nb.ipynb", fixture("basic.ipynb"));
    repo.git("config", "filter.nbstripout.extrakeys", "metadata.kernelspec cell.metadata.tags");
    const stripped = runStrip(["-t", "nb.ipynb"], { cwd: repo.root, env: repo.env });
    expect(stripped.stdout.toString()).toBe(fixture("expected/basic.extra-keys.ipynb").toString());
    repo.git(
      "config",
      "filter.nbstripout.keepmetadatakeys",
      "metadata.kernelspec cell.metadata.tags",
    );
    const kept = runStrip(["-t", "nb.ipynb"], { cwd: repo.root, env: repo.env });
    expect(kept.stdout.toString()).toBe(fixture("expected/basic.default.ipynb").toString());
  });

  it("reads those keys from the global config outside a repository too, as nbstripout does", () => {
    const { dir, env } = scratchDir();
    writeFileSync(join(dir, "nb.ipynb"), fixture("basic.ipynb"));
    const global = env.GIT_CONFIG_GLOBAL as string;
    const strip = () => runStrip(["-t", "nb.ipynb"], { cwd: dir, env }).stdout.toString();
    expect(strip()).toBe(fixture("expected/basic.default.ipynb").toString());
    writeFileSync(
      global,
      '[filter "nbstripout"]\n\textrakeys = metadata.kernelspec cell.metadata.tags\n',
    );
    expect(strip()).toBe(fixture("expected/basic.extra-keys.ipynb").toString());
    // Through an included file, and spelled in another case (git's names ignore case).
    const included = join(dir, "nbstripout.gitconfig");
    writeFileSync(
      included,
      '[FILTER "nbstripout"]\n\tExtraKeys = metadata.kernelspec cell.metadata.tags\n',
    );
    writeFileSync(global, `[include]\n\tpath = ${included}\n`);
    expect(strip()).toBe(fixture("expected/basic.extra-keys.ipynb").toString());
    // And from ~/.gitconfig when no GIT_CONFIG_GLOBAL replaces it.
    const { GIT_CONFIG_GLOBAL: _, ...withHome } = env;
    writeFileSync(
      join(dir, ".gitconfig"),
      '[filter "nbstripout"]\n\textrakeys = metadata.kernelspec cell.metadata.tags\n',
    );
    expect(runStrip(["-t", "nb.ipynb"], { cwd: dir, env: withHome }).stdout.toString()).toBe(
      fixture("expected/basic.extra-keys.ipynb").toString(),
    );
  });

  it("needs no repository for FILE and stdin modes", () => {
    const { dir, env } = scratchDir();
    const result = runStrip(["-"], { cwd: dir, env, input: fixture("basic.ipynb") });
    expect(result.status).toBe(0);
    expect(result.stdout.toString()).toBe(fixture("expected/basic.default.ipynb").toString());
  });

  it("takes every flag from .ml-hygiene.yaml; flags and lists add up", () => {
    repo = new TestRepo();
    repo.write("nb.ipynb", fixture("basic.ipynb"));
    repo.write(
      ".ml-hygiene.yaml",
      "strip-notebook:\n  keep-count: true\n  extra-keys: metadata.kernelspec\n  keep-output-type: [stream:stderr]\n",
    );
    const result = runStrip(["-t", "--extra-keys", "cell.metadata.tags", "nb.ipynb"], {
      cwd: repo.root,
      env: repo.env,
    });
    expect(result.status, result.stderr).toBe(0);
    const nb = JSON.parse(result.stdout.toString());
    expect(nb.metadata).toEqual({});
    expect(nb.cells[1].metadata).toEqual({});
    expect(nb.cells[1].execution_count).toBe(7);
    expect(nb.cells[1].outputs.map((o: { name?: string }) => o.name)).toEqual(["stderr"]);
  });

  it("reports a bad setting in .ml-hygiene.yaml with exit 2", () => {
    repo = new TestRepo();
    repo.write("nb.ipynb", fixture("basic.ipynb"));
    repo.write(".ml-hygiene.yaml", "strip-notebook:\n  keep-count: maybe\n");
    const result = runStrip(["nb.ipynb"], { cwd: repo.root, env: repo.env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"keep-count" must be true or false');
  });
});

/** A notebook of `count` code cells as Jupyter saves them after a run, cell i with `output(i)`. */
function codeCellNotebook(count: number, output: (i: number) => object): string {
  const cells = Array.from({ length: count }, (_, i) => ({
    cell_type: "code",
    execution_count: i,
    id: `c${i}`,
    metadata: {},
    outputs: [output(i)],
    source: [`print(${i})`],
  }));
  return `${JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

/** ~20 MB: 40 code cells, each with a 0.5 MB image output. */
function bigNotebook(): string {
  const image = "iVBORw0KGgo".repeat(45_000);
  return codeCellNotebook(40, () => ({
    data: { "image/png": image, "text/plain": ["<Figure>"] },
    metadata: {},
    output_type: "display_data",
  }));
}

describe("strip-notebook speed", () => {
  it("strips a 20 MB notebook in well under the time nbstripout needs to start", () => {
    const { dir, env } = scratchDir();
    const file = join(dir, "big.ipynb");
    writeFileSync(file, bigNotebook());
    const before = statSync(file).size;
    expect(before).toBeGreaterThan(19_000_000);
    const started = performance.now();
    const result = runStrip(["big.ipynb"], { cwd: dir, env });
    const elapsed = performance.now() - started;
    expect(result.status).toBe(0);
    const after = statSync(file).size;
    expect(after).toBeLessThan(10_000);
    expect(elapsed).toBeLessThan(3_000);
    // The bytes saved are counted from the notebook as read (its bytes are freed early).
    expect(result.stderr).toContain(`; ${((before - after) / 1e6).toFixed(1)} MB smaller)`);
  });
});
