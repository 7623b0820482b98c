import { gitAsync, splitNul } from "./run.js";

/**
 * One attribute for many paths: one `git check-attr -z --stdin` per run. `cached` reads
 * .gitattributes from the index (what will be committed) instead of the working tree.
 * Output triples: "path\0filter\0lfs\0" (value "unspecified" when unset).
 */
export async function attributeValues(
  root: string,
  attribute: string,
  paths: readonly string[],
  cached: boolean,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (paths.length === 0) return result;
  const args = ["check-attr", "-z", "--stdin", ...(cached ? ["--cached"] : []), attribute];
  const fields = splitNul(await gitAsync(args, { cwd: root, input: `${paths.join("\0")}\0` }));
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const value = fields[i + 2] as string;
    if (value !== "unspecified") result.set(fields[i] as string, value);
  }
  return result;
}
