import { allOptions, type HookSpec, type OptionSpec } from "./spec.js";

function flagColumn(option: OptionSpec): string {
  const long = `--${option.name}`;
  const value =
    option.kind === "boolean"
      ? ""
      : ` ${option.valueName ?? "VALUE"}${option.variadic ? " ..." : ""}`;
  return option.short ? `-${option.short}, ${long}${value}` : `    ${long}${value}`;
}

const WIDTH = 100;

/** Break text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

export function formatHelp(spec: HookSpec): string {
  const options = allOptions(spec).filter((option) => !option.hidden);
  const width = Math.max(...options.map((option) => flagColumn(option).length)) + 2;
  const lines = [
    `Usage: ${spec.id} [options] [FILE...]`,
    "",
    ...wrap(spec.summary, WIDTH),
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
    ...options.flatMap((option) =>
      wrap(option.description, Math.max(30, WIDTH - width - 2)).map((part, index) =>
        index === 0
          ? `  ${flagColumn(option).padEnd(width)}${part}`
          : `  ${"".padEnd(width)}${part}`,
      ),
    ),
  ];
  if (spec.notes && spec.notes.length > 0) lines.push("", ...spec.notes);
  return `${lines.join("\n")}\n`;
}
