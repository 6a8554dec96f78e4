import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { formatMetricList, metricList } from "../src/metric-list.js";
import { blockBetweenMarkers } from "../scripts/readme-block.js";

it("the README's metric table is the one generated from the registries (npm run -w @wtclient/http metric-list -- --write)", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  expect(blockBetweenMarkers(readme, "metric-list")).toBe(formatMetricList());
});

it("names follow Prometheus conventions: wtclient_ prefix, _total exactly on counters, units in the name", () => {
  const list = metricList();
  expect(list.length).toBeGreaterThan(15);
  expect(new Set(list.map((m) => m.name)).size).toBe(list.length);
  for (const m of list) {
    expect(m.name).toMatch(/^wtclient_[a-z_]+$/);
    expect(m.name.endsWith("_total"), m.name).toBe(m.type === "counter");
    if (/duration/.test(m.name)) expect(m.name).toMatch(/_seconds$/);
    expect(
      m.labels.some((l) => /^(id|session.*)$/.test(l)),
      `${m.name} must not be labelled per session`,
    ).toBe(false);
  }
});
