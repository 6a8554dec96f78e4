import { type Diagnosis, type DoctorVerdict } from "@wtclient/core";
import { doctorCheckTitles } from "@wtclient/core/internal";

const labels: Record<DoctorVerdict, string> = { ok: "ok", warn: "WARN", fail: "FAIL", skip: "skip" };
const width = Math.max(...Object.values(doctorCheckTitles).map((t) => t.length)) + 2;
const indent = " ".repeat(6 + width);

/** `wtclient doctor`'s text: a line per check (verdict, check, what was found), its hint and details below, then the outcome. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = [`wtclient doctor: lnd ${d.lnd !== undefined ? `at ${d.lnd} ` : ""}over ${d.transport}`];
  for (const c of d.checks) {
    lines.push(`${labels[c.verdict].padEnd(6)}${doctorCheckTitles[c.id].padEnd(width)}${c.summary}`);
    for (const detail of c.details ?? []) lines.push(`${indent}${detail}`);
    if (c.hint !== undefined && (c.verdict === "fail" || c.verdict === "warn")) lines.push(`${indent}hint: ${c.hint}`);
  }
  const failed = d.checks.filter((c) => c.verdict === "fail").map((c) => doctorCheckTitles[c.id]);
  const warned = d.checks.filter((c) => c.verdict === "warn").length;
  lines.push(
    failed.length > 0
      ? `unhealthy: ${failed.length} check${failed.length === 1 ? "" : "s"} failed (${failed.join(", ")})`
      : `healthy${warned > 0 ? `, with ${warned} warning${warned === 1 ? "" : "s"}` : ""}`,
  );
  return lines.join("\n") + "\n";
}
