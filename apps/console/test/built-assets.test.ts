import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// the build's own measure (scripts/report-size.mjs prints it and fails the build over budget)
import { JS_BUDGET_BYTES, measureDist } from "../scripts/report-size.mjs";

const dist = fileURLToPath(new URL("../dist", import.meta.url));

describe("the built console (dist/)", () => {
  const files = measureDist(dist);

  it("keeps its JavaScript under 60 KB gzipped", () => {
    const js = files.filter((f) => f.path.endsWith(".js"));
    expect(js.length).toBeGreaterThan(0);
    const gzip = js.reduce((n, f) => n + f.gzip, 0);
    console.log(`console: JavaScript ${(gzip / 1024).toFixed(1)} KB gzipped of a ${JS_BUDGET_BYTES / 1024} KB budget`);
    expect(gzip).toBeLessThan(JS_BUDGET_BYTES);
  });

  it("ships only html, js, css and svg, and names nothing outside its own origin", () => {
    expect(files.map((f) => f.path.replace(/-[\w-]{8}\./, "-HASH.")).sort()).toEqual([
      "assets/index-HASH.css",
      "assets/index-HASH.js",
      "favicon.svg",
      "index.html",
    ]);
    for (const f of files) {
      const text = readFileSync(`${dist}/${f.path}`, "utf8");
      // the only absolute URLs are XML namespace names (Preact's SVG and MathML support), never fetched
      const urls = [...text.matchAll(/(?:https?:)?\/\/[\w.-]+\.[a-z]{2,}[^\s"'`)]*/g)]
        .map((m) => m[0])
        .filter((u) => !/^http:\/\/www\.w3\.org\//.test(u));
      expect(urls, f.path).toEqual([]);
      expect(text, f.path).not.toMatch(/@import|fonts\.googleapis|sourceMappingURL/);
    }
  });
});
