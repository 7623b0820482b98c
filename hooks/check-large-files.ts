import { checkLargeFiles } from "../src/checks/large-files/run.js";
import { runHook } from "../src/cli/main.js";
import type { HookSpec } from "../src/cli/spec.js";

export const spec: HookSpec = {
  id: "check-large-files",
  summary:
    "Block large files, ML run artifacts, DVC-tracked data and ignored files from entering Git.",
  options: [
    {
      name: "maxkb",
      kind: "integer",
      valueName: "N",
      description: "largest allowed file in KB (default 500)",
    },
    {
      name: "enforce-all",
      kind: "boolean",
      description: "check every file, not only files being added",
    },
    {
      name: "artifact-dir",
      kind: "list",
      valueName: "DIR",
      description: "artifact folder to block (repeatable; replaces the default list)",
    },
    {
      name: "no-artifact-dirs",
      kind: "boolean",
      description: "allow files in artifact folders [artifact-dir]",
    },
    {
      name: "no-dvc-tracked",
      kind: "boolean",
      description: "allow files that DVC also tracks [dvc-tracked]",
    },
    {
      name: "no-gitignored",
      kind: "boolean",
      description: "allow staged files that .gitignore ignores [gitignored]",
    },
  ],
  notes: [
    "Default artifact folders: mlruns, wandb, lightning_logs, .ipynb_checkpoints, .dvc/cache, .dvc/tmp.",
    "Rules: too-large, artifact-dir, dvc-tracked, gitignored.",
  ],
};

export const main = (argv: readonly string[]): Promise<number> =>
  runHook(spec, argv, checkLargeFiles);
