// Prints the scenario x driver matrix of the last conformance run and its closing line.
import { existsSync, readFileSync } from "node:fs";

const file = new URL(".conformance-matrix.json", import.meta.url);
if (!existsSync(file)) {
  console.log("conformance: no matrix (the run did not finish)");
  process.exit(0);
}
const { drivers, rows } = JSON.parse(readFileSync(file, "utf8"));
const width = Math.max(...rows.map((r) => r.scenario.length));
// each column as wide as its driver's name
const cell = (d, text) => text.padEnd(Math.max(12, d.length));
const mark = { pass: "ok", fail: "FAIL", skip: "-" };
const counts = { pass: 0, fail: 0, skip: 0 };
const notes = [];
console.log(`${"scenario".padEnd(width)}  ${drivers.map((d) => cell(d, d)).join(" ")}`);
for (const { scenario, cells } of rows) {
  const line = drivers.map((d) => {
    const c = cells[d] ?? { status: "skip", why: "not run" };
    counts[c.status] += 1;
    if (c.why) notes.push(`  ${scenario} / ${d}: ${c.status === "fail" ? "FAILED: " : ""}${c.why}`);
    return cell(d, mark[c.status]);
  });
  console.log(`${scenario.padEnd(width)}  ${line.join(" ")}`);
}
if (notes.length > 0) console.log(`\nnot passed, and why:\n${[...new Set(notes)].join("\n")}`);
console.log(`conformance: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`);
