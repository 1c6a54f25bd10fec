// Adds up the JSON reports of every suite into one closing line: "tests: N passed, M failed, K skipped".
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const [dir = "test-results", failedSteps = "0"] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith(".json")).sort() : []) {
  const j = JSON.parse(readFileSync(path.join(dir, f), "utf8"));
  let p, x, s;
  if ("numPassedTests" in j) { // vitest
    p = j.numPassedTests; x = j.numFailedTests; s = j.numPendingTests + (j.numTodoTests ?? 0);
  } else if (j.stats && "expected" in j.stats) { // playwright
    p = j.stats.expected; x = j.stats.unexpected + j.stats.flaky; s = j.stats.skipped;
  } else continue;
  passed += p; failed += x; skipped += s;
  rows.push(`  ${f.replace(/\.json$/, "").padEnd(24)} ${String(p).padStart(4)} passed ${String(x).padStart(3)} failed ${String(s).padStart(3)} skipped`);
}
console.log("\nsummary by suite:\n" + rows.join("\n"));
if (rows.length === 0) console.log("  (no suite produced a report)");
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || Number(failedSteps) > 0 || passed === 0 ? 1 : 0);
