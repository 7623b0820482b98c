import { allOptions, type HookSpec, type OptionSpec } from "./spec.js";

function flagColumn(option: OptionSpec): string {
  const long = `--${option.name}`;
  const value =
    option.kind === "boolean"
      ? ""
      : ` ${option.valueName ?? "VALUE"}${option.variadic ? " ..." : ""}`;
  return option.short ? `-${option.short}, ${long}${value}` : `    ${long}${value}`;
}

export function formatHelp(spec: HookSpec): string {
  const options = allOptions(spec).filter((option) => !option.hidden);
  const width = Math.max(...options.map((option) => flagColumn(option).length)) + 2;
  const lines = [
    `Usage: ${spec.id} [options] [FILE...]`,
    "",
    spec.summary,
    "",
    ...(spec.helpContract ?? [
      "With FILE arguments, checks those files in the working tree. Without, checks the files staged",
      "in the index (their staged content). Exit 0: clean; 1: problems found or files modified;",
      "2: usage or setup error.",
    ]),
    `Options may also be set in .ml-hygiene.yaml under "${spec.id}:" (flags win).`,
    "Long options cannot be abbreviated.",
    "",
    "Options:",
    ...options.map((option) => `  ${flagColumn(option).padEnd(width)}${option.description}`),
  ];
  if (spec.notes && spec.notes.length > 0) lines.push("", ...spec.notes);
  return `${lines.join("\n")}\n`;
}
