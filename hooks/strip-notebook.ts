import { existsSync } from "node:fs";
import { runStripNotebook } from "../src/checks/notebooks/cli.js";
import type { HookSpec } from "../src/cli/spec.js";

/**
 * A value of `--keep-output-type`/`--drop-output-type`, never a notebook: pre-commit appends the
 * file names after the hook's args, and argparse's `nargs='+'` would swallow them.
 */
const isOutputType = (arg: string): boolean =>
  !arg.endsWith(".ipynb") && !arg.endsWith(".zpln") && !existsSync(arg);

export const spec: HookSpec = {
  id: "strip-notebook",
  summary:
    "Strip outputs, execution counts and volatile metadata from Jupyter notebooks (an nbstripout 0.9.1 drop-in, byte for byte).",
  fixer: true,
  options: [
    { name: "keep-count", kind: "boolean", description: "keep execution counts" },
    {
      name: "keep-output",
      kind: "boolean",
      description: "keep outputs by default (cells may still opt out via keep_output metadata)",
    },
    { name: "keep-id", kind: "boolean", description: "keep cell ids (default: renumber 0, 1, …)" },
    {
      name: "extra-keys",
      kind: "list",
      valueName: "KEYS",
      description: "more keys to strip, space-separated: metadata.<path> or cell.<path>",
    },
    {
      name: "keep-metadata-keys",
      kind: "list",
      valueName: "KEYS",
      description: "keys to take off the strip list (defaults, git config, --extra-keys)",
    },
    {
      name: "drop-empty-cells",
      kind: "boolean",
      description: "remove cells whose source is empty or whitespace",
    },
    {
      name: "drop-tagged-cells",
      kind: "list",
      valueName: "TAGS",
      description: "remove cells carrying any of these space-separated tags",
    },
    {
      name: "strip-init-cells",
      kind: "boolean",
      description: "strip the outputs of init cells too (the cells are kept)",
    },
    {
      name: "max-size",
      kind: "string",
      valueName: "SIZE",
      description: "keep outputs of stripped cells up to SIZE characters (suffix k, m, g)",
    },
    {
      name: "keep-output-type",
      kind: "list",
      variadic: true,
      isValue: isOutputType,
      valueName: "TYPE",
      description: "always keep outputs of these types (output_type or output_type:name)",
    },
    {
      name: "drop-output-type",
      kind: "list",
      variadic: true,
      isValue: isOutputType,
      valueName: "TYPE",
      description: "always drop outputs of these types, even in kept cells",
    },
    {
      name: "force",
      short: "f",
      kind: "boolean",
      description: "process files whatever their extension (else only .ipynb and .zpln)",
    },
    {
      name: "mode",
      short: "m",
      kind: "string",
      choices: ["jupyter", "zeppelin"],
      valueName: "MODE",
      description: "notebook kind: jupyter (default) or zeppelin",
    },
    {
      name: "dry-run",
      kind: "boolean",
      description: 'print "Dry run: would have stripped FILE" instead of writing',
    },
    {
      name: "verify",
      kind: "boolean",
      description: "like --dry-run, and exit 1 if any notebook would change (for CI)",
    },
    { name: "check", kind: "boolean", aliasOf: "verify", description: "same as --verify" },
    {
      name: "textconv",
      short: "t",
      kind: "boolean",
      description: "print the stripped notebooks to stdout; leave the files alone (git diff)",
    },
    {
      name: "install",
      kind: "boolean",
      cliOnly: true,
      description: "set up the git filter (clean on git add) and diff textconv for *.ipynb",
    },
    {
      name: "uninstall",
      kind: "boolean",
      cliOnly: true,
      description: "remove the git filter and its attributes",
    },
    {
      name: "is-installed",
      kind: "boolean",
      cliOnly: true,
      description: "exit 0 if the git filter is set up, else 1",
    },
    {
      name: "status",
      kind: "boolean",
      cliOnly: true,
      description: "like --is-installed, and print the filter's setup",
    },
    { name: "global", kind: "boolean", description: "filter commands: use the global git config" },
    { name: "system", kind: "boolean", description: "filter commands: use the system git config" },
    {
      name: "attributes",
      kind: "string",
      valueName: "FILE",
      description: "filter commands: the attributes file (default .git/info/attributes)",
    },
    {
      name: "unix-newlines",
      kind: "boolean",
      description: "always write LF line ends (default: the platform's)",
    },
    {
      name: "stdin-name",
      kind: "string",
      valueName: "PATH",
      cliOnly: true,
      description:
        "filter mode: the notebook's path, for messages (--install sets the filter's clean command to pass git's %f)",
    },
  ],
  helpContract: [
    "With FILE arguments, strips those notebooks in place; FILE - reads stdin and writes stdout (the",
    "git filter). Without FILE arguments, strips the notebooks staged in the index, index-first: the",
    "staged blob is stripped and re-staged, the working file rewritten only if it equals it.",
    "Exit codes follow nbstripout: 0 after stripping or with nothing to do; 1 when --verify finds a",
    "notebook to strip or a notebook cannot be read; 2 for usage errors.",
  ],
  notes: [
    "What was removed is reported on stderr. git config filter.nbstripout.extrakeys and",
    "keepmetadatakeys are honoured. --fix is accepted (for lint-staged); stripping already exits 0.",
    "The git filter is installed under the name nbstripout, so existing",
    "`*.ipynb filter=nbstripout` attributes keep working.",
    "Default keys stripped: metadata.signature, metadata.widgets, cell.metadata.{collapsed,",
    "ExecuteTime, execution, heading_collapsed, hidden, scrolled}.",
  ],
};

export const main = (argv: readonly string[]): Promise<number> => runStripNotebook(spec, argv);
