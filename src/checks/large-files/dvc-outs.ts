import { posix } from "node:path";

/** A path DVC manages, and the DVC file that says so. */
export interface DvcOut {
  readonly path: string;
  readonly owner: string;
}

/** Pure: the cached outputs declared by one parsed `.dvc` file (paths relative to its folder). */
export function outsOfDvcFile(parsed: unknown, dvcFile: string): DvcOut[] {
  if (!isRecord(parsed)) return [];
  const base = posix.join(
    posix.dirname(dvcFile),
    typeof parsed.wdir === "string" ? parsed.wdir : ".",
  );
  return entryPaths(parsed.outs).map((path) => ({ path: normalize(base, path), owner: dvcFile }));
}

/** Pure: the cached outs, metrics and plots of every stage of one parsed `dvc.yaml`. */
export function outsOfDvcYaml(parsed: unknown, dvcYaml: string): DvcOut[] {
  if (!isRecord(parsed) || !isRecord(parsed.stages)) return [];
  const outs: DvcOut[] = [];
  for (const stage of Object.values(parsed.stages)) {
    if (!isRecord(stage)) continue;
    const body = isRecord(stage.do) ? stage.do : stage; // foreach/do templates
    const base = posix.join(
      posix.dirname(dvcYaml),
      typeof body.wdir === "string" ? body.wdir : ".",
    );
    const bindings = foreachBindings(stage.foreach);
    for (const key of ["outs", "metrics", "plots"]) {
      for (const template of entryPaths(body[key])) {
        for (const path of expand(template, bindings)) {
          if (path.includes("${")) continue; // still templated (vars, params): not a concrete path
          outs.push({ path: normalize(base, path), owner: dvcYaml });
        }
      }
    }
  }
  return outs;
}

type Binding = Record<string, string>;

/** `foreach:` over a literal list or mapping of scalars: the `${item}`/`${key}` values. */
function foreachBindings(foreach: unknown): Binding[] | null {
  const scalar = (value: unknown): value is string | number | boolean =>
    typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  if (Array.isArray(foreach)) {
    return foreach.filter(scalar).map((item) => ({ item: String(item), key: String(item) }));
  }
  if (isRecord(foreach)) {
    return Object.entries(foreach)
      .filter(([, item]) => scalar(item))
      .map(([key, item]) => ({ key, item: String(item) }));
  }
  return null;
}

function expand(template: string, bindings: Binding[] | null): string[] {
  if (!bindings || !template.includes("${")) return [template];
  return bindings.map((binding) =>
    template.replace(/\$\{\s*(item|key)\s*\}/g, (_, name: string) => binding[name] ?? ""),
  );
}

/**
 * Output entries are "path" or {path: {cache: false, ...}} in dvc.yaml, and {path: ..., cache:
 * false} in .dvc files. `cache: false` outputs are meant to live in Git, so they are left out.
 */
function entryPaths(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const paths: string[] = [];
  for (const entry of list) {
    if (typeof entry === "string") paths.push(entry);
    else if (isRecord(entry)) {
      if (typeof entry.path === "string") {
        if (entry.cache !== false) paths.push(entry.path);
        continue;
      }
      const keys = Object.keys(entry);
      const [only] = keys;
      if (keys.length === 1 && only !== undefined) {
        const settings = entry[only];
        if (!(isRecord(settings) && settings.cache === false)) paths.push(only);
      }
    }
  }
  return paths;
}

/** The DVC out that covers a repository path (the path itself or a folder above it). */
export function dvcOwnerOf(repoPath: string, outs: readonly DvcOut[]): DvcOut | null {
  for (const out of outs) {
    if (repoPath === out.path || repoPath.startsWith(`${out.path}/`)) return out;
  }
  return null;
}

function normalize(base: string, path: string): string {
  return posix.normalize(posix.join(base, path)).replace(/^\.\/|\/$/g, "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
