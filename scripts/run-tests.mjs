// Root `npm test`: turbo runs generate -> build -> typecheck -> test in every workspace, then this
// sums each package's vitest JSON report into the one closing line CI reads: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "apps"].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(dir, name)) : [],
);
const reportOf = (ws) => join(root, ws, ".vitest-results.json");
for (const ws of workspaces) rmSync(reportOf(ws), { force: true });

const turbo = spawnSync(
  "npx",
  ["turbo", "run", "typecheck", "test", "--continue", "--output-logs=new-only", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
    // turbo.json lists WTCLIENT_NODE_VERSION in globalEnv: results from one Node release are never replayed on another
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", WTCLIENT_NODE_VERSION: process.version },
  },
);

// vitest's JSON report keeps no message for a test that timed out, only a placeholder stack
// (a line that prints two whole values is cut at 3000 characters)
const firstLineOf = (message = "") => {
  const line = message.split("\n")[0];
  if (line === "Error: STACK_TRACE_ERROR") return "timed out, or failed without a message (see its output above)";
  return line.length > 3000 ? `${line.slice(0, 3000)}… (cut)` : line;
};

let passed = 0;
let failed = 0;
let skipped = 0;
// the web console's tests in a real Chromium (apps/console/test/*.browser.test.ts), also counted on a line of their own
const browser = { passed: 0, failed: 0, skipped: 0 };
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, ws, "package.json"), "utf8"));
  if (!pkg.scripts?.test) continue;
  if (!existsSync(reportOf(ws))) {
    console.error(`${pkg.name}: no test report (its build, typecheck or test run failed before reporting)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(reportOf(ws), "utf8"));
  // a file that failed to load, or in a hook (its tests then count as skipped), is a failure all the same, in its
  // package's line too
  const unloaded = r.testResults.filter(
    (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
  );
  for (const f of unloaded)
    console.error(
      `FAILED ${pkg.name}: ${f.name.replace(root, "")} failed to load or in a hook: ${(f.message ?? "").split("\n")[0]}`,
    );
  // one line per failed test, named so .ci/run can repeat them under its closing line
  for (const f of r.testResults)
    for (const a of f.assertionResults.filter((t) => t.status === "failed"))
      console.error(
        `FAILED ${pkg.name}: ${f.name.replace(root, "")} > ${a.fullName}: ${firstLineOf(a.failureMessages?.[0])}`,
      );
  for (const f of r.testResults.filter((f) => /\.browser\.test\.[cm]?[jt]s$/.test(f.name))) {
    for (const a of f.assertionResults) {
      if (a.status === "passed") browser.passed++;
      else if (a.status === "failed") browser.failed++;
      else browser.skipped++;
    }
    if (unloaded.includes(f)) browser.failed++;
  }
  const pkgFailed = r.numFailedTests + unloaded.length;
  passed += r.numPassedTests;
  failed += pkgFailed;
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(`${pkg.name}: ${r.numPassedTests} passed, ${pkgFailed} failed`);
}
if (turbo.status !== 0 && failed === 0) failed = 1; // typecheck or build failed without a failing test
console.log(`browser tests (Chromium): ${browser.passed} passed, ${browser.failed} failed, ${browser.skipped} skipped`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
