import { realpathSync } from "node:fs";

/** The path with every symlink resolved, or null when it does not exist (or cannot be read). */
export function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
