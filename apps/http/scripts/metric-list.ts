// Prints the README's table of metrics, built from the registries; `--write` puts it into README.md between the
// metric-list markers. apps/http/test/metric-list.test.ts fails when README.md and the registries disagree.
import { readFileSync, writeFileSync } from "node:fs";
import { formatMetricList } from "../src/metric-list.js";
import { replaceBetweenMarkers } from "./readme-block.js";

const table = formatMetricList();
if (process.argv.includes("--write")) {
  const readme = new URL("../../../README.md", import.meta.url);
  writeFileSync(readme, replaceBetweenMarkers(readFileSync(readme, "utf8"), "metric-list", table));
} else {
  process.stdout.write(table);
}
process.exit(0);
