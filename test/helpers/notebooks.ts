import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { DIST_BIN, PROJECT_ROOT } from "./repo.js";

/** The built strip-notebook binary (the bundler writes `.cjs`; older builds wrote `.js`). */
export const STRIP_BIN = [".cjs", ".js"]
  .map((ext) => join(DIST_BIN, `strip-notebook${ext}`))
  .find((file) => existsSync(file)) as string;

export const NOTEBOOK_FIXTURES = join(PROJECT_ROOT, "fixtures", "notebooks");

/**
 * The shared material (`../shared`, beside the checkout). A clone made from a local checkout
 * (`git clone . /tmp/fresh`, as CI does) finds it beside the checkout it was cloned from; the
 * ML_HYGIENE_SHARED variable names it outright.
 */
function sharedDir(): string {
  const besideUs = join(PROJECT_ROOT, "..", "shared");
  const candidates = [process.env.ML_HYGIENE_SHARED, besideUs];
  const origin = spawnSync("git", ["config", "--get", "remote.origin.url"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  }).stdout?.trim();
  if (origin && isAbsolute(origin)) candidates.push(join(origin, "..", "shared"));
  return candidates.find((dir): dir is string => !!dir && existsSync(dir)) ?? besideUs;
}

/** The nbstripout conformance corpus (`shared/corpus/nbstripout`). */
export const CORPUS_DIR = join(sharedDir(), "corpus", "nbstripout");

export interface BinResult {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Run the built binary with byte-exact stdout. */
export function runStrip(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string | Buffer },
): BinResult {
  const result = spawnSync(process.execPath, [STRIP_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    input: options.input ?? "",
    maxBuffer: 1 << 30,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString("utf8") };
}

/** Fail early, with the fix, when dist/ was not built. */
export function assertBuilt(): void {
  if (!STRIP_BIN || spawnSync(process.execPath, [STRIP_BIN, "--version"]).status !== 0) {
    throw new Error("dist/ is not built: run npm run build (npm test does it)");
  }
}
