import { lndMetricSpecs } from "./lnd-metric-registry.js";
import { createServiceMetrics } from "./service-metrics.js";

export interface MetricDoc {
  readonly name: string;
  readonly type: string;
  readonly labels: readonly string[];
  readonly help: string;
}

/** Every wtclient_* metric /metrics can show, from the registries themselves: the service's own, then lnd's. */
export function metricList(): MetricDoc[] {
  const own = createServiceMetrics()
    .registry.getMetricsAsArray()
    .filter((m) => m.name.startsWith("wtclient_"))
    .map((m) => {
      const labelNames = (m as unknown as { labelNames: string[] }).labelNames;
      return { name: m.name, type: String(m.type), labels: labelNames, help: m.help };
    });
  const lnd = lndMetricSpecs.map((m) => ({ name: m.name, type: m.type, labels: m.labels, help: m.help }));
  return [...own, ...lnd];
}

/** The README's metric table (markdown). */
export function formatMetricList(): string {
  const rows = metricList().map(
    (m) =>
      `| \`${m.name}\` | ${m.type} | ${m.labels.map((l) => `\`${l}\``).join(", ")} | ${m.help.replace(/\|/g, "\\|")} |`,
  );
  return ["| metric | type | labels | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n") + "\n";
}
