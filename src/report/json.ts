import type { HookResult } from "./finding.js";

/**
 * The machine-readable report: one JSON object on stdout. Documented in the README; other hooks
 * and tests rely on exactly these keys.
 */
export function formatJson(hookId: string, result: HookResult): string {
  const report = {
    hook: hookId,
    findings: result.findings.map(({ path, line, rule, message, fix }) => ({
      path,
      line,
      rule,
      message,
      fix,
    })),
    modified: [...result.modified],
  };
  return `${JSON.stringify(report)}\n`;
}
