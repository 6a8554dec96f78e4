// Prints the scenario x driver matrix of each target of the last conformance run, and its closing line.
import { existsSync, readFileSync } from "node:fs";

const files = [".conformance-matrix.json", ".conformance-matrix-lnd.json"]
  .map((f) => new URL(f, import.meta.url))
  .filter(existsSync);
if (files.length === 0) {
  console.log("conformance: no matrix (the run did not finish)");
  process.exit(0);
}
const mark = { pass: "ok", fail: "FAIL", skip: "-" };
// each column as wide as its driver's name
const cell = (d, text) => text.padEnd(Math.max(12, d.length));
for (const file of files) {
  const { title, drivers, rows } = JSON.parse(readFileSync(file, "utf8"));
  const width = Math.max(...rows.map((r) => r.scenario.length));
  const counts = { pass: 0, fail: 0, skip: 0 };
  const notes = [];
  console.log(`\nagainst ${title}:`);
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
  console.log(`conformance against ${title}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`);
}
