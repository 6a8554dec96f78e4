// Prints the size of the built console, gzipped, and fails the build when its JavaScript passes the budget.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const JS_BUDGET_BYTES = 60 * 1024;

/** Bytes of every built file, raw and gzipped, by path under dist/. */
export function measureDist(dist) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else {
        const body = readFileSync(path);
        files.push({
          path: path.slice(dist.length + 1),
          bytes: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
        });
      }
    }
  };
  walk(dist);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = new URL("../dist", import.meta.url).pathname;
  const files = measureDist(dist);
  const js = files.filter((f) => f.path.endsWith(".js")).reduce((n, f) => n + f.gzip, 0);
  for (const f of files)
    console.log(
      `console: ${f.path.padEnd(36)} ${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${(f.gzip / 1024).toFixed(1).padStart(6)} KB gzipped`,
    );
  console.log(`console: JavaScript ${(js / 1024).toFixed(1)} KB gzipped (budget ${JS_BUDGET_BYTES / 1024} KB)`);
  if (js > JS_BUDGET_BYTES) {
    console.error(
      `console: the JavaScript is over its budget by ${((js - JS_BUDGET_BYTES) / 1024).toFixed(1)} KB gzipped`,
    );
    process.exit(1);
  }
}
