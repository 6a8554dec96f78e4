// `npm run test:lnd`: only the tests that run against a real lnd started from WTCLIENT_LND_DIR (the
// real-lnd conformance matrix and the real-lncli parity), both packages at once, ending with one count.
// Without the variable it prints how to enable them and exits 0.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// the same line as lndSkipMessage in packages/lnd-harness (its test checks they agree)
const skipLine = "set WTCLIENT_LND_DIR=<a folder holding lnd and lncli> to run against a real lnd";
if (!process.env.WTCLIENT_LND_DIR) {
  console.log(skipLine);
  process.exit(0);
}

const root = new URL("..", import.meta.url).pathname;
const build = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const suites = [
  { dir: "packages/conformance", file: "test/real-lnd.test.ts" },
  { dir: "apps/cli", file: "test/lncli-parity.test.ts" },
];
const reports = mkdtempSync(join(tmpdir(), "wtclient-test-lnd-"));
// only this run's matrix gets printed
for (const f of [".conformance-matrix.json", ".conformance-matrix-lnd.json"])
  rmSync(join(root, "packages/conformance", f), { force: true });
const run = (s, i) =>
  new Promise((done) => {
    const args = [
      "vitest",
      "run",
      s.file,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(reports, `${i}.json`)}`,
    ];
    spawn("npx", args, { cwd: join(root, s.dir), stdio: "inherit" }).on("exit", (code) => done(code ?? 1));
  });
const codes = await Promise.all(suites.map(run));
spawnSync(process.execPath, ["print-matrix.mjs"], { cwd: join(root, "packages/conformance"), stdio: "inherit" });

let passed = 0;
let failed = 0;
let skipped = 0;
suites.forEach((s, i) => {
  try {
    const r = JSON.parse(readFileSync(join(reports, `${i}.json`), "utf8"));
    // a file that failed to load, or in a hook (its tests then count as skipped), is a failure all the same
    const unloaded = r.testResults.filter(
      (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
    ).length;
    console.log(
      `${s.dir}/${s.file}: ${r.numPassedTests} passed, ${r.numFailedTests + unloaded} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
    );
    passed += r.numPassedTests;
    failed += r.numFailedTests + unloaded;
    skipped += r.numPendingTests + r.numTodoTests;
  } catch {
    console.log(`${s.dir}/${s.file}: no report (the run failed before reporting)`);
    failed += 1;
  }
});
rmSync(reports, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && codes.every((c) => c === 0) ? 0 : 1);
