import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { UsageError } from "../cli/errors.js";
import { lazyBuiltin } from "../runtime/builtin.js";
import { GitError, gitSync } from "./run.js";

/** Only the filter commands need it: node:os is not loaded on every run (~0.2 ms). */
const os = lazyBuiltin<typeof import("node:os")>("node:os");

/**
 * The git filter that strips notebooks on `git add` and the textconv that shows stripped diffs.
 * Written under the name `nbstripout`, so a repository's existing `*.ipynb filter=nbstripout`
 * lines keep working and switching from nbstripout is one command.
 */
export const FILTER_NAME = "nbstripout";
export const ATTRIBUTE_LINES = [`*.ipynb filter=${FILTER_NAME}`, "*.ipynb diff=ipynb"] as const;
/** Lines nbstripout may have written that uninstall removes (we never add the .zpln one). */
const REMOVABLE_PREFIXES = ["*.ipynb filter", "*.zpln filter", "*.ipynb diff"];

export type Scope = "local" | "global" | "system";

export interface FilterRequest {
  readonly scope: Scope;
  /** `--attributes FILE`, or null for the scope's default attributes file. */
  readonly attributes: string | null;
  readonly cwd: string;
  /** The command that runs strip-notebook, as git should invoke it (already quoted). */
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
}

const configArgs = (scope: Scope): string[] => ["config", `--${scope}`];

function git(
  args: readonly string[],
  request: Pick<FilterRequest, "cwd">,
  okStatus?: number[],
): string {
  return gitSync(args, { cwd: request.cwd, ...(okStatus ? { okStatus } : {}) }).toString("utf8");
}

function configValue(request: FilterRequest, key: string): string | null {
  const out = git([...configArgs(request.scope), "--get", key], request, [0, 1]).trim();
  return out === "" ? null : out;
}

/** Where the attribute lines go: --attributes, else the scope's own attributes file. */
export function attributesFile(request: FilterRequest): string {
  if (request.attributes) {
    const raw = request.attributes.replace(/^~(?=$|\/)/, os().homedir());
    return isAbsolute(raw) ? raw : resolve(request.cwd, raw);
  }
  if (request.scope === "local") {
    // git reads info/attributes from the common dir, also in a linked worktree.
    const path = git(["rev-parse", "--git-path", "info/attributes"], request).trim();
    return isAbsolute(path) ? path : resolve(request.cwd, path);
  }
  const configured = configValue(request, "core.attributesFile");
  if (configured) return configured.replace(/^~(?=$|\/)/, os().homedir());
  if (request.scope === "global") {
    const xdg = request.env.XDG_CONFIG_HOME || join(os().homedir(), ".config");
    return join(xdg, "git", "attributes");
  }
  return "/etc/gitattributes";
}

/** Pure: the attributes text with our lines appended where missing. */
export function withFilterLines(text: string): string {
  const missing = ATTRIBUTE_LINES.filter(
    (line) => !text.split(/\r?\n/).some((have) => have.trim() === line),
  );
  if (missing.length === 0) return text;
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  return `${text}${separator}${missing.join("\n")}\n`;
}

/** Pure: the attributes text without any line that sets up the nbstripout filter or diff. */
export function withoutFilterLines(text: string): string {
  const kept = text
    .split("\n")
    .filter((line) => !REMOVABLE_PREFIXES.some((prefix) => line.startsWith(prefix)));
  return kept.join("\n");
}

function ensureRepository(request: FilterRequest, action: string): void {
  if (request.scope !== "local") return;
  try {
    git(["rev-parse", "--git-dir"], request);
  } catch (error) {
    if (error instanceof GitError) {
      throw new UsageError(
        `strip-notebook: ${action} failed: not a git repository — run it inside one, or use --global`,
      );
    }
    throw error;
  }
}

export function installFilter(request: FilterRequest): string {
  ensureRepository(request, "installation");
  const set = (key: string, value: string): void => {
    git([...configArgs(request.scope), key, value], request);
  };
  try {
    // git replaces %f with the notebook's path (quoted): messages then name the notebook.
    set(`filter.${FILTER_NAME}.clean`, `${request.command} - --stdin-name %f`);
    set(`filter.${FILTER_NAME}.smudge`, "cat");
    set(`filter.${FILTER_NAME}.required`, "true");
    set("diff.ipynb.textconv", `${request.command} -t`);
  } catch (error) {
    if (error instanceof GitError) {
      throw new UsageError(
        `strip-notebook: installation failed: cannot write the ${request.scope} git config (${error.stderr.trim().split("\n")[0]})${request.scope === "local" ? "" : " — do you need sudo?"}`,
      );
    }
    throw error;
  }
  const file = attributesFile(request);
  const before = existsSync(file) ? readFileSync(file, "utf8") : "";
  const after = withFilterLines(before);
  if (after !== before) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, after);
    } catch (error) {
      throw new UsageError(
        `strip-notebook: installation failed: could not write to ${file} (${(error as Error).message})`,
      );
    }
  }
  return file;
}

export function uninstallFilter(request: FilterRequest): string {
  ensureRepository(request, "uninstall");
  for (const key of ["clean", "smudge", "required"]) {
    git([...configArgs(request.scope), "--unset", `filter.${FILTER_NAME}.${key}`], request, [0, 5]);
  }
  git([...configArgs(request.scope), "--remove-section", "diff.ipynb"], request, [0, 128]);
  const file = attributesFile(request);
  if (existsSync(file)) {
    const before = readFileSync(file, "utf8");
    const after = withoutFilterLines(before);
    if (after !== before) writeFileSync(file, after);
  }
  return file;
}

export interface FilterStatus {
  readonly installed: boolean;
  readonly clean: string | null;
  readonly smudge: string | null;
  readonly textconv: string | null;
  readonly extrakeys: string | null;
  readonly attributeLines: string[];
  readonly where: string;
}

export function filterStatus(request: FilterRequest): FilterStatus {
  ensureRepository(request, "status");
  const clean = configValue(request, `filter.${FILTER_NAME}.clean`);
  const smudge = configValue(request, `filter.${FILTER_NAME}.smudge`);
  const textconv = configValue(request, "diff.ipynb.textconv");
  const extrakeys = configValue(request, `filter.${FILTER_NAME}.extrakeys`);
  let attributeLines: string[] = [];
  let resolved = false;
  if (request.scope === "local" && !request.attributes) {
    // Ask git, so a .gitattributes in the tree counts as much as .git/info/attributes.
    const filter = git(["check-attr", "filter", "--", "notebook.ipynb"], request).trim();
    const diff = git(["check-attr", "diff", "--", "notebook.ipynb"], request).trim();
    resolved = !filter.endsWith("unspecified");
    attributeLines = [filter, diff];
  } else {
    const file = attributesFile(request);
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    attributeLines = text
      .split("\n")
      .filter((line) => REMOVABLE_PREFIXES.some((prefix) => line.startsWith(prefix)));
    resolved = attributeLines.some((line) => line.startsWith("*.ipynb filter"));
  }
  const where =
    request.scope === "local"
      ? `repository '${git(["rev-parse", "--show-toplevel"], request).trim()}'`
      : `${request.scope} git config`;
  return {
    installed: clean !== null && smudge !== null && resolved,
    clean,
    smudge,
    textconv,
    extrakeys,
    attributeLines,
    where,
  };
}

export function formatStatus(status: FilterStatus): string {
  if (!status.installed)
    return `strip-notebook (nbstripout filter) is not installed in ${status.where}\n`;
  return [
    `strip-notebook (nbstripout filter) is installed in ${status.where}`,
    "",
    "Filter:",
    `  clean = ${status.clean}`,
    `  smudge = ${status.smudge}`,
    `  diff= ${status.textconv ?? ""}`,
    `  extrakeys= ${status.extrakeys ?? ""}`,
    "",
    "Attributes:",
    ...status.attributeLines.map((line) => `  ${line}`),
    "",
  ].join("\n");
}

/** Quote a path for the `sh -c` git uses to run filter commands. */
export function quoteForGit(path: string): string {
  return `"${path.replace(/(["\\$`])/g, "\\$1")}"`;
}
