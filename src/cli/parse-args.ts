import { UsageError } from "./errors.js";
import { allOptions, type HookSpec, type OptionSpec, type OptionValues } from "./spec.js";

export interface ParsedArgs {
  readonly values: OptionValues;
  readonly files: string[];
  /** Option names given on the command line (flags win over config). */
  readonly given: ReadonlySet<string>;
}

/**
 * Parse `argv` against a hook's options: `--name value`, `--name=value`, `-x value`, `--` ends
 * options, a lone `-` is a positional (stdin). Abbreviated long options are not accepted, so a
 * future flag can never change what an old command line means.
 */
export function parseArgs(spec: HookSpec, argv: readonly string[]): ParsedArgs {
  const options = allOptions(spec);
  const byLong = new Map<string, OptionSpec>();
  const byShort = new Map<string, OptionSpec>();
  for (const option of options) {
    byLong.set(option.name, option);
    if (option.short) byShort.set(option.short, option);
  }
  const values: OptionValues = {};
  const given = new Set<string>();
  const files: string[] = [];

  const store = (option: OptionSpec, raw: string | true, flagText: string): void => {
    const target = option.aliasOf ? (byLong.get(option.aliasOf) ?? option) : option;
    given.add(target.name);
    values[target.name] = coerce(spec.id, target, raw, flagText, values[target.name]);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      files.push(arg);
      continue;
    }
    let option: OptionSpec | undefined;
    let inline: string | undefined;
    let flagText: string;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      option = byLong.get(name);
      flagText = `--${name}`;
    } else {
      // Short options: `-t`, `-tf` (booleans combined), `-m value`, `-mvalue`.
      const letters = arg.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const short = byShort.get(letters[k] as string);
        if (!short) throw unknownOption(spec.id, `-${letters[k]}`);
        if (short.kind === "boolean") {
          store(short, true, `-${letters[k]}`);
          continue;
        }
        const rest = letters.slice(k + 1);
        if (rest) {
          store(short, rest, `-${letters[k]}`);
        } else {
          const next = argv[i + 1];
          if (next === undefined) throw missingValue(spec.id, `-${letters[k]}`);
          store(short, next, `-${letters[k]}`);
          i++;
        }
        break;
      }
      continue;
    }
    if (!option) throw unknownOption(spec.id, flagText);
    if (option.kind === "boolean") {
      if (inline !== undefined) {
        throw new UsageError(`${spec.id}: ${flagText} takes no value — use ${flagText} alone`);
      }
      store(option, true, flagText);
      continue;
    }
    if (inline !== undefined) {
      store(option, inline, flagText);
      continue;
    }
    if (option.variadic) {
      let taken = 0;
      while (i + 1 < argv.length) {
        const next = argv[i + 1] as string;
        if (next.startsWith("-")) break;
        if (option.isValue && !option.isValue(next)) break;
        store(option, next, flagText);
        taken++;
        i++;
      }
      if (taken === 0) throw missingValue(spec.id, flagText);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) throw missingValue(spec.id, flagText);
    store(option, next, flagText);
    i++;
  }
  return { values, files, given };
}

function coerce(
  hookId: string,
  option: OptionSpec,
  raw: string | true,
  flagText: string,
  previous: OptionValues[string],
): OptionValues[string] {
  if (option.kind === "boolean") return true;
  const text = raw as string;
  if (option.choices && !option.choices.includes(text)) {
    throw new UsageError(
      `${hookId}: ${flagText} must be one of ${option.choices.join(", ")}, not "${text}"`,
    );
  }
  switch (option.kind) {
    case "integer":
      return parseInteger(hookId, flagText, text);
    case "list":
      return [...(Array.isArray(previous) ? previous : []), text];
    default:
      return text;
  }
}

export function parseInteger(hookId: string, flagText: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new UsageError(`${hookId}: ${flagText} needs a whole number, not "${text}"`);
  }
  return Number.parseInt(text, 10);
}

function unknownOption(hookId: string, flag: string): UsageError {
  return new UsageError(`${hookId}: unknown option ${flag} — run ${hookId} --help for the options`);
}

function missingValue(hookId: string, flag: string): UsageError {
  return new UsageError(`${hookId}: ${flag} needs a value — run ${hookId} --help`);
}
