/** Folders ML tools fill with run artifacts; none of it belongs in Git, whatever its size. */
export const DEFAULT_ARTIFACT_DIRS: readonly string[] = [
  "mlruns",
  "wandb",
  "lightning_logs",
  ".ipynb_checkpoints",
  ".dvc/cache",
  ".dvc/tmp",
];

/**
 * The artifact folder a repository path lies in, or null. A folder matches as a whole run of
 * path segments at any depth: "mlruns" matches "exp/mlruns/0/meta.yaml", not "mlruns.md".
 */
export function artifactDirOf(repoPath: string, dirs: readonly string[]): string | null {
  const segments = repoPath.split("/");
  segments.pop(); // the file name itself is not a folder
  for (const dir of dirs) {
    const wanted = dir.replace(/^\/+|\/+$/g, "").split("/");
    if (wanted.length === 0 || wanted[0] === "") continue;
    for (let start = 0; start + wanted.length <= segments.length; start++) {
      if (wanted.every((part, k) => segments[start + k] === part)) {
        return segments.slice(0, start + wanted.length).join("/");
      }
    }
  }
  return null;
}
