import { delimiter, join } from "node:path";
import { EXIT_FINDINGS, EXIT_OK, UsageError } from "../../cli/errors.js";
import { realpathOrNull } from "../../files/realpath.js";
import {
  type FilterRequest,
  filterStatus,
  formatStatus,
  installFilter,
  quoteForGit,
  type Scope,
  uninstallFilter,
} from "../../git/notebook-filter.js";
import type { StripContext } from "./cli.js";

export const FILTER_COMMANDS = ["install", "uninstall", "is-installed", "status"] as const;
export type FilterCommand = (typeof FILTER_COMMANDS)[number];

/** `--install`, `--uninstall`, `--is-installed`, `--status`: nbstripout's git filter commands. */
export function runFilterCommand(context: StripContext, command: FilterCommand): number {
  const { options, io, spec, files } = context;
  const given = FILTER_COMMANDS.filter((name) => options[name] === true);
  if (given.length > 1) {
    throw new UsageError(
      `${spec.id}: --${given[0]} and --${given[1]} exclude each other — pick one`,
    );
  }
  if (files.length > 0) {
    throw new UsageError(`${spec.id}: --${command} takes no FILE arguments — drop them`);
  }
  if (options.global === true && options.system === true) {
    throw new UsageError(`${spec.id}: --global and --system exclude each other — pick one`);
  }
  const scope: Scope =
    options.global === true ? "global" : options.system === true ? "system" : "local";
  const request: FilterRequest = {
    scope,
    attributes: typeof options.attributes === "string" ? options.attributes : null,
    cwd: io.cwd,
    command: filterInvocation(io.env),
    env: io.env,
  };
  switch (command) {
    case "install": {
      const file = installFilter(request);
      io.stderr.write(
        `${spec.id}: git filter "nbstripout" installed (${scope} config; attributes in ${file})\n`,
      );
      return EXIT_OK;
    }
    case "uninstall": {
      const file = uninstallFilter(request);
      io.stderr.write(
        `${spec.id}: git filter "nbstripout" removed (${scope} config; attributes in ${file})\n`,
      );
      return EXIT_OK;
    }
    default: {
      const status = filterStatus(request);
      if (command === "status") io.stdout.write(formatStatus(status));
      return status.installed ? EXIT_OK : EXIT_FINDINGS;
    }
  }
}

/**
 * How git should start us: by name when `strip-notebook` on PATH is this very program, else by
 * the absolute paths of this Node and this script (as nbstripout pins its Python), so the
 * filter works in GUI clients and hooks whose PATH lacks node_modules/.bin.
 */
function filterInvocation(env: NodeJS.ProcessEnv): string {
  const self = realpathOrNull(process.argv[1] ?? "");
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && self && realpathOrNull(join(dir, "strip-notebook")) === self)
      return "strip-notebook";
  }
  return `${quoteForGit(process.execPath)} ${quoteForGit(self ?? process.argv[1] ?? "strip-notebook")}`;
}
