import type { Finding } from "../../report/finding.js";
import { findPrivateKeys, type KeyFinding } from "../secrets/private-keys.js";
import { isDict, isList, type PyValue, resolve } from "./value.js";

/** A private key in an output that stripping keeps (so it would be committed). */
export interface OutputKey {
  /** Cell and output positions in the stripped notebook, 0-based (as the --max-size warning). */
  readonly cell: number;
  readonly output: number;
  readonly key: KeyFinding;
}

/**
 * Private keys in the outputs a stripped notebook still has: those kept by `keep_output`,
 * `--keep-output`, `--keep-output-type` or `--max-size` (`!cat ~/.ssh/id_rsa` in a kept cell).
 * Multi-line strings (lists of lines, as nbformat stores them) are joined first, so a key split
 * over JSON string lines is found whole. A notebook whose outputs were all stripped costs a walk
 * over its cells and nothing more.
 */
export function keysInKeptOutputs(root: PyValue): OutputKey[] {
  const found: OutputKey[] = [];
  for (const cells of cellLists(root)) {
    for (let c = 0; c < cells.length; c++) {
      const cell = resolve(cells[c] as PyValue);
      if (!isDict(cell)) continue;
      const outputs = resolve(cell.get("outputs"));
      if (!isList(outputs) || outputs.length === 0) continue;
      for (let o = 0; o < outputs.length; o++) {
        for (const text of textsOf(outputs[o] as PyValue)) {
          for (const key of findPrivateKeys(text)) found.push({ cell: c, output: o, key });
        }
      }
    }
  }
  return found;
}

/** v4 keeps cells at the top; v3 in each worksheet. */
function cellLists(root: PyValue): PyValue[][] {
  const value = resolve(root);
  if (!isDict(value)) return [];
  const cells = resolve(value.get("cells"));
  if (isList(cells)) return [cells];
  const sheets = resolve(value.get("worksheets"));
  if (!isList(sheets)) return [];
  const lists: PyValue[][] = [];
  for (const sheet of sheets) {
    const ws = resolve(sheet);
    const wsCells = isDict(ws) ? resolve(ws.get("cells")) : undefined;
    if (isList(wsCells)) lists.push(wsCells);
  }
  return lists;
}

/** Every text inside an output: strings, and lists of strings joined as nbformat joins them. */
function textsOf(value: PyValue): string[] {
  const texts: string[] = [];
  const visit = (item: PyValue | undefined): void => {
    const v = resolve(item);
    if (typeof v === "string") {
      texts.push(v);
    } else if (isList(v)) {
      if (v.every((line) => typeof line === "string")) texts.push(v.join(""));
      else for (const element of v) visit(element);
    } else if (isDict(v)) {
      for (const member of v.values()) visit(member);
    }
  };
  visit(value);
  return texts;
}

/** Where the key is and what it is: `cell 2, output 0 keeps a private key (RSA PEM: -----BEGIN…)`. */
export function describeOutputKey(found: OutputKey): string {
  return `cell ${found.cell}, output ${found.output} keeps a private key (${found.key.description}: ${found.key.masked})`;
}

/** What to do about it. */
const OUTPUT_KEY_FIX =
  "clear that output (or its keep_output) before committing, and revoke the key if it was ever shared";

/** The rule id of a key in a kept output, in reports and `--format json`. */
export const OUTPUT_KEY_RULE = "private-key-in-output";

/** A key in a kept output as a finding of the shared report: every mode reports it so. */
export function outputKeyFinding(path: string, found: OutputKey): Finding {
  return {
    path,
    line: null,
    rule: OUTPUT_KEY_RULE,
    message: describeOutputKey(found),
    fix: OUTPUT_KEY_FIX,
  };
}
