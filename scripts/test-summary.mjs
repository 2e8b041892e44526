// Sums the TRX files dotnet test wrote and prints the plain summary line CI reads.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".trx")) : [];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  const counters = readFileSync(join(dir, file), "utf8").match(/<Counters\b[^>]*>/)?.[0] ?? "";
  const count = (name) => Number(counters.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  totals.passed += count("passed");
  totals.failed += count("failed") + count("error") + count("timeout") + count("aborted");
  totals.skipped += count("notExecuted");
}
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(files.length === 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
