import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadYaml } from "../lazy/modules.js";
import { UsageError } from "./errors.js";
import { allOptions, type HookSpec, type OptionSpec, type OptionValues } from "./spec.js";

export const CONFIG_FILE = ".ml-hygiene.yaml";

/** Options that make no sense in a shared config file. */
const CLI_ONLY = new Set(["help", "version", "all-files", "staged", "format"]);

/**
 * Read this hook's section of `.ml-hygiene.yaml` at the repository root. The `yaml` module is
 * loaded only when the file exists, so repositories without a config pay nothing at start-up.
 */
export async function loadConfig(root: string, spec: HookSpec): Promise<OptionValues> {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "EISDIR"
        ? `${spec.id}: ${file} is a folder — it must be a YAML file (or absent)`
        : `${spec.id}: cannot read ${file}: ${(error as Error).message} — fix its permissions`,
    );
  }
  const { parseDocument, isMap, isScalar } = await loadYaml();
  const doc = parseDocument(text, { prettyErrors: false });
  const lineOf = (offset: number | undefined): number =>
    offset === undefined ? 1 : text.slice(0, offset).split("\n").length;
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new UsageError(
      `${spec.id}: ${CONFIG_FILE}:${lineOf(error?.pos[0])}: invalid YAML (${error?.code}) — fix the syntax or delete the file`,
    );
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return {};
  if (!isMap(contents)) {
    throw new UsageError(
      `${spec.id}: ${CONFIG_FILE}:1: expected a mapping of hook ids to settings — see the README's "Configuration"`,
    );
  }
  const section = contents.items.find((pair) => isScalar(pair.key) && pair.key.value === spec.id);
  if (!section || section.value === null) return {};
  if (!isMap(section.value)) {
    throw new UsageError(
      `${spec.id}: ${CONFIG_FILE}:${lineOf((section.value as { range?: number[] } | null)?.range?.[0])}: the "${spec.id}" section must be a mapping of option names to values`,
    );
  }
  const options = new Map<string, OptionSpec>();
  for (const option of allOptions(spec)) {
    if (!CLI_ONLY.has(option.name) && !option.cliOnly && !option.aliasOf)
      options.set(option.name, option);
  }
  const values: OptionValues = {};
  for (const pair of section.value.items) {
    const keyNode = pair.key as unknown as { value?: unknown; range?: number[] } | null;
    if (typeof keyNode?.value !== "string") {
      throw new UsageError(
        `${spec.id}: ${CONFIG_FILE}:${lineOf(keyNode?.range?.[0])}: settings are option names (strings), like maxkb`,
      );
    }
    const key = keyNode.value;
    const line = lineOf(keyNode?.range?.[0]);
    const option = options.get(key);
    if (!option) {
      throw new UsageError(
        `${spec.id}: ${CONFIG_FILE}:${line}: unknown setting "${key}" for ${spec.id} — valid: ${[...options.keys()].join(", ")}`,
      );
    }
    const raw = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    values[key] = configValue(spec.id, option, raw, line);
  }
  return values;
}

function configValue(
  hookId: string,
  option: OptionSpec,
  raw: unknown,
  line: number,
): OptionValues[string] {
  const where = `${hookId}: ${CONFIG_FILE}:${line}: "${option.name}"`;
  switch (option.kind) {
    case "boolean":
      if (typeof raw !== "boolean") throw new UsageError(`${where} must be true or false`);
      return raw;
    case "integer":
      if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < 0) {
        throw new UsageError(`${where} must be a whole number`);
      }
      return raw;
    case "list": {
      const items = Array.isArray(raw) ? raw : [raw];
      if (items.some((item) => typeof item !== "string" && typeof item !== "number")) {
        throw new UsageError(`${where} must be a string or a list of strings`);
      }
      return items.map(String);
    }
    default:
      if (typeof raw !== "string" && typeof raw !== "number") {
        throw new UsageError(`${where} must be a string`);
      }
      if (option.choices && !option.choices.includes(String(raw))) {
        throw new UsageError(`${where} must be one of ${option.choices.join(", ")}`);
      }
      return String(raw);
  }
}

/** Flags win over the config file; list options add up (config first, then flags). */
export function mergeOptions(
  spec: HookSpec,
  fromConfig: OptionValues,
  fromFlags: OptionValues,
  given: ReadonlySet<string>,
): OptionValues {
  const merged: OptionValues = { ...fromConfig };
  for (const option of allOptions(spec)) {
    if (!given.has(option.name)) continue;
    const flag = fromFlags[option.name];
    const conf = fromConfig[option.name];
    merged[option.name] =
      option.kind === "list" && Array.isArray(conf) && Array.isArray(flag)
        ? [...conf, ...flag]
        : flag;
  }
  return merged;
}
