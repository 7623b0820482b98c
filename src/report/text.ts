import type { Finding, HookResult } from "./finding.js";

export interface TextStyle {
  readonly color: boolean;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything but "". */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

const paint = (on: boolean, code: string, text: string): string =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

export function formatFinding(finding: Finding, style: TextStyle): string {
  const where = finding.line === null ? finding.path : `${finding.path}:${finding.line}`;
  return `${paint(style.color, "1", where)}: ${finding.message} ${paint(style.color, "2", "—")} ${finding.fix} ${paint(style.color, "2", `[${finding.rule}]`)}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Human output: one line per finding, then one summary line; nothing at all when clean. */
export function formatText(hookId: string, result: HookResult, style: TextStyle): string {
  const lines = result.findings.map((finding) => formatFinding(finding, style));
  if (result.findings.length > 0 || result.modified.length > 0) {
    const parts: string[] = [];
    if (result.findings.length > 0) parts.push(plural(result.findings.length, "problem"));
    if (result.modified.length > 0)
      parts.push(`${plural(result.modified.length, "file")} modified`);
    const summary = `${hookId}: ${parts.join(", ")} in ${plural(result.checked, "file")} checked`;
    lines.push(paint(style.color, result.findings.length > 0 ? "31" : "33", summary));
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
