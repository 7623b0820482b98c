// Prints vitest's totals as the plain line CI reads: "N passed, N failed[, N skipped]".
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-results.json";
let results;
try {
  results = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.log(`no test results in ${file}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const passed = results.numPassedTests ?? 0;
// A test file that fails to load fails no test but fails the run: count it once.
const failed = (results.numFailedTests ?? 0) || (results.success === false ? 1 : 0);
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
