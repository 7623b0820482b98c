import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, NOTEBOOK_FIXTURES, runStrip } from "../helpers/notebooks.js";
import { DIST_BIN, hermeticEnv, tempDir } from "../helpers/repo.js";

// The bin wrappers run each bundle from a V8 code cache made after a run (scripts/build.mjs):
// it must be made once, used after, remade when V8 refuses it, and never change what a hook does.
const NOTEBOOK = join(NOTEBOOK_FIXTURES, "basic.ipynb");
const dirs: string[] = [];

function scratch(): { home: string; cache: string; folder: string } {
  const home = tempDir("mlh-cache-");
  dirs.push(home);
  const cache = join(home, "xdg-cache");
  return { home, cache, folder: join(cache, "ml-hygiene", "code-cache") };
}

const stripT = (env: NodeJS.ProcessEnv) =>
  runStrip(["-t", NOTEBOOK], { cwd: NOTEBOOK_FIXTURES, env });
const cacheFiles = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder).filter((name) => name.startsWith("strip-notebook-"))
    : [];

let expected: Buffer;

beforeAll(() => {
  assertBuilt();
  const { home } = scratch();
  const plain = stripT(hermeticEnv(home, { NODE_DISABLE_COMPILE_CACHE: "1" }));
  expect(plain.status, plain.stderr).toBe(0);
  expected = plain.stdout;
  expect(expected.length).toBeGreaterThan(100);
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the bin wrapper's code cache", () => {
  it("is written by the first run, then used as it is", () => {
    const { home, cache, folder } = scratch();
    const env = hermeticEnv(home, { XDG_CACHE_HOME: cache });
    const first = stripT(env);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.equals(expected)).toBe(true);
    const files = cacheFiles(folder);
    expect(files).toHaveLength(1);
    const file = join(folder, files[0] as string);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    // A file V8 accepts is not written again: an old mtime stays.
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000); // whole seconds: exact in mtimeMs
    utimesSync(file, past, past);
    const second = stripT(env);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout.equals(expected)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(past.getTime());
  });

  it("made by a run that did no work (--version), is remade by the first that does", () => {
    const { home, cache, folder } = scratch();
    const env = hermeticEnv(home, { XDG_CACHE_HOME: cache });
    expect(runStrip(["--version"], { cwd: NOTEBOOK_FIXTURES, env }).status).toBe(0);
    const file = join(folder, cacheFiles(folder)[0] as string);
    expect(readFileSync(file)[0]).toBe(0); // byte 0: the run did none of the hook's work
    const small = statSync(file).size;
    expect(stripT(env).status).toBe(0);
    expect(readFileSync(file)[0]).toBe(1);
    expect(statSync(file).size).toBeGreaterThan(small); // the strip's functions are in it now
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
    utimesSync(file, past, past);
    expect(runStrip(["--version"], { cwd: NOTEBOOK_FIXTURES, env }).status).toBe(0);
    expect(stripT(env).status).toBe(0);
    expect(statSync(file).mtimeMs).toBe(past.getTime()); // neither run rewrote it
  });

  it("knows check-large-files' work too: a judged file", () => {
    const { home, cache, folder } = scratch();
    const env = hermeticEnv(home, { XDG_CACHE_HOME: cache });
    writeFileSync(join(home, "small.txt"), "x");
    const bin = join(DIST_BIN, "check-large-files.cjs");
    const run = spawnSync(process.execPath, [bin, "--enforce-all", "small.txt"], {
      cwd: home,
      env,
    });
    expect(run.status, run.stderr.toString()).toBe(0);
    const files = readdirSync(folder).filter((name) => name.startsWith("check-large-files-"));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(folder, files[0] as string))[0]).toBe(1);
  });

  it("is remade when V8 refuses it, and the run goes on as usual", () => {
    const { home, cache, folder } = scratch();
    const env = hermeticEnv(home, { XDG_CACHE_HOME: cache });
    expect(stripT(env).status).toBe(0);
    const file = join(folder, cacheFiles(folder)[0] as string);
    writeFileSync(file, "not a code cache");
    const run = stripT(env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.equals(expected)).toBe(true);
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
  });

  it("refuses damaged bytes (its two copies of V8's data differ), runs on and remakes it", () => {
    const { home, cache, folder } = scratch();
    const env = hermeticEnv(home, { XDG_CACHE_HOME: cache });
    expect(stripT(env).status).toBe(0);
    const file = join(folder, cacheFiles(folder)[0] as string);
    const bytes = readFileSync(file);
    // Flip bits past the header, where V8 notices nothing (Nodes 20 and 22 check no checksum).
    let seed = 1;
    for (let n = 0; n < 200; n++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      const at = 200 + (seed % (bytes.length - 200));
      bytes[at] = (bytes[at] as number) ^ 0xff;
    }
    writeFileSync(file, bytes);
    const run = stripT(env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.equals(expected)).toBe(true);
    expect(readFileSync(file).equals(bytes)).toBe(false); // remade
  });

  it("reads only a file of the user's that no one else may write, writes only into such a folder", () => {
    const { home, cache, folder } = scratch();
    const env = hermeticEnv(home, { XDG_CACHE_HOME: cache });
    expect(stripT(env).status).toBe(0);
    const file = join(folder, cacheFiles(folder)[0] as string);
    chmodSync(file, 0o666);
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
    utimesSync(file, past, past);
    expect(stripT(env).status).toBe(0);
    // Not read (as if missing), so made anew, private again.
    expect(statSync(file).mtimeMs).not.toBe(past.getTime());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A folder others may write to gets nothing.
    rmSync(folder, { recursive: true });
    mkdirSync(folder, { mode: 0o777 });
    chmodSync(folder, 0o777);
    expect(stripT(env).status).toBe(0);
    expect(cacheFiles(folder)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "as root, makes nothing where the nearest existing folder is another user's",
    () => {
      const { home, cache } = scratch();
      mkdirSync(cache);
      chownSync(cache, 1234, 1234); // a user's cache folder, root keeping their HOME (sudo)
      const run = stripT(hermeticEnv(home, { XDG_CACHE_HOME: cache }));
      expect(run.status).toBe(0);
      expect(readdirSync(cache)).toEqual([]);
    },
  );

  it("is off with NODE_DISABLE_COMPILE_CACHE=1, and never needed", () => {
    const { home, cache } = scratch();
    const off = stripT(
      hermeticEnv(home, { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: "1" }),
    );
    expect(off.status).toBe(0);
    expect(existsSync(cache)).toBe(false);
    // A cache folder that cannot be made (a file stands where it would go): the run is as usual.
    writeFileSync(cache, "");
    const blocked = stripT(hermeticEnv(home, { XDG_CACHE_HOME: cache }));
    expect(blocked.status, blocked.stderr).toBe(0);
    expect(blocked.stdout.equals(expected)).toBe(true);
    expect(blocked.stderr).toBe("");
  });

  it("goes to ~/.cache when XDG_CACHE_HOME is unset or relative", () => {
    const { home } = scratch();
    const run = stripT(hermeticEnv(home, { XDG_CACHE_HOME: "relative/cache" }));
    expect(run.status).toBe(0);
    expect(cacheFiles(join(home, ".cache", "ml-hygiene", "code-cache"))).toHaveLength(1);
  });

  it("drops this hook's files untouched for 30 days when it writes one, and no others", () => {
    const { home, cache, folder } = scratch();
    mkdirSync(folder, { recursive: true });
    const aged = (name: string, days: number) => {
      const file = join(folder, name);
      writeFileSync(file, "x");
      const when = new Date(Date.now() - days * 24 * 3600_000);
      utimesSync(file, when, when);
    };
    aged("strip-notebook-0000-1-1-v0.0.0-x64.bin", 40);
    aged("strip-notebook-1111-1-1-v0.0.0-x64.bin", 2);
    aged("check-large-files-0000-1-1-v0.0.0-x64.bin", 40);
    expect(stripT(hermeticEnv(home, { XDG_CACHE_HOME: cache })).status).toBe(0);
    const left = readdirSync(folder).sort();
    expect(left).toContain("strip-notebook-1111-1-1-v0.0.0-x64.bin");
    expect(left).toContain("check-large-files-0000-1-1-v0.0.0-x64.bin");
    expect(left).not.toContain("strip-notebook-0000-1-1-v0.0.0-x64.bin");
    expect(cacheFiles(folder)).toHaveLength(2);
  });
});
