import { readFileSync } from "node:fs";

/** A config file's text, or null when it does not exist; throws when it cannot be read. */
export type ReadConfigFile = (path: string) => string | null;

/**
 * Whether git, run outside any repository, might find one of `names` (config variable names,
 * without section) in its configuration — decided from the files' text, without starting git.
 * Outside a repository `git config` reads only the system file and the global ones (and config
 * passed in the environment). False only when each of those is absent or names none of them and
 * includes no other file; whatever cannot be told that way (config in the environment, an
 * unreadable file, an odd `GIT_CONFIG_NOSYSTEM`) is true, and the caller asks git.
 *
 * A variable is set only by writing its name, and names have no escapes, so a file that does
 * not contain the name (in any case: names are case-insensitive) does not set it. The system
 * file is git's `$(prefix)/etc/gitconfig`, whose place depends on how git was built: this reads
 * `/etc/gitconfig`, where Linux distributions put it, or `GIT_CONFIG_SYSTEM`.
 */
export function configOutsideRepoMayName(
  names: readonly string[],
  env: NodeJS.ProcessEnv,
  read: ReadConfigFile = readConfigFile,
): boolean {
  // Config given in the environment, or a repository named by it: git knows best.
  for (const variable of ["GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG", "GIT_DIR"]) {
    if (env[variable]) return true;
  }
  // An empty override is an odd case git may refuse: let it say.
  if (env.GIT_CONFIG_SYSTEM === "" || env.GIT_CONFIG_GLOBAL === "") return true;
  const files: string[] = [];
  const noSystem = booleanOrNull(env.GIT_CONFIG_NOSYSTEM);
  if (noSystem === null) return true;
  if (!noSystem) files.push(env.GIT_CONFIG_SYSTEM || "/etc/gitconfig");
  if (env.GIT_CONFIG_GLOBAL) {
    files.push(env.GIT_CONFIG_GLOBAL);
  } else {
    if (!env.HOME) return true;
    const xdg = env.XDG_CONFIG_HOME ? `${env.XDG_CONFIG_HOME}/git` : `${env.HOME}/.config/git`;
    files.push(`${xdg}/config`, `${env.HOME}/.gitconfig`);
  }
  const words = [...names, "include"].map((name) => name.toLowerCase());
  for (const file of files) {
    let text: string | null;
    try {
      text = read(file);
    } catch {
      return true;
    }
    if (text === null) continue;
    const lower = text.toLowerCase();
    if (words.some((word) => lower.includes(word))) return true;
  }
  return false;
}

/** As git reads `GIT_CONFIG_NOSYSTEM`: a boolean, or null for a value it would not take. */
function booleanOrNull(value: string | undefined): boolean | null {
  if (value === undefined) return false;
  const lower = value.trim().toLowerCase();
  if (["", "0", "false", "no", "off"].includes(lower)) return false;
  if (["1", "true", "yes", "on"].includes(lower)) return true;
  return null;
}

function readConfigFile(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}
