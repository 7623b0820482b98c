/** What a hook declares about itself; the core turns it into parsing, help and config keys. */

export type OptionKind = "boolean" | "string" | "integer" | "list";

export interface OptionSpec {
  /** Long name without the leading `--`; also the key in `.ml-hygiene.yaml`. */
  readonly name: string;
  readonly short?: string;
  readonly kind: OptionKind;
  readonly description: string;
  /** Placeholder shown in --help, e.g. `N` or `GLOB`. */
  readonly valueName?: string;
  readonly choices?: readonly string[];
  /**
   * A list option that, like argparse's `nargs='+'`, takes every following argument up to the
   * next one that starts with `-` (the stdin marker `-` included). `isValue` may refuse an
   * argument (a file name), which then ends the list.
   */
  readonly variadic?: boolean;
  readonly isValue?: (arg: string) => boolean;
  /** Hidden from --help (aliases kept for compatibility). */
  readonly hidden?: boolean;
  /** Another option this one is an alias of (values are stored under the target name). */
  readonly aliasOf?: string;
  /** An action, not a setting: never read from `.ml-hygiene.yaml`. */
  readonly cliOnly?: boolean;
}

export interface HookSpec {
  readonly id: string;
  /** One line: what the hook does. */
  readonly summary: string;
  /** Hook-specific options; the shared ones are added by the core. */
  readonly options: readonly OptionSpec[];
  /** A fixer rewrites files and so also takes `--fix`. */
  readonly fixer?: boolean;
  /** Extra lines for --help. */
  readonly notes?: readonly string[];
  /** Replaces the shared paragraph on files and exit codes in --help (strip-notebook's differ). */
  readonly helpContract?: readonly string[];
}

export type OptionValue = boolean | string | number | string[];
export type OptionValues = Record<string, OptionValue | undefined>;

/** Options every hook understands, with their meaning fixed by the shared contract. */
export const SHARED_OPTIONS: readonly OptionSpec[] = [
  {
    name: "all-files",
    kind: "boolean",
    description: "check every tracked file instead of the staged ones (CI)",
  },
  {
    name: "staged",
    kind: "boolean",
    description: "check the files staged in the index, reading staged content (the default)",
  },
  {
    name: "exclude",
    kind: "list",
    valueName: "GLOB",
    description: "skip paths matching GLOB (repeatable; micromatch syntax, matched on repo paths)",
  },
  {
    name: "format",
    kind: "string",
    valueName: "FORMAT",
    choices: ["text", "json"],
    description: "output format: text (default) or json",
  },
  { name: "help", short: "h", kind: "boolean", description: "show this help and exit" },
  { name: "version", kind: "boolean", description: "print the version and exit" },
];

export const FIX_OPTION: OptionSpec = {
  name: "fix",
  kind: "boolean",
  description: "exit 0 after a successful fix (for lint-staged, which reverts on non-zero)",
};

export function allOptions(spec: HookSpec): OptionSpec[] {
  return [...spec.options, ...(spec.fixer ? [FIX_OPTION] : []), ...SHARED_OPTIONS];
}
