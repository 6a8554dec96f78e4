import { doctorCheckTitles, type Diagnosis, type DoctorCheck } from "@wtclient/doctor";
import type { ConsoleApi } from "./console-api.js";
import type { Problem } from "./describe-error.js";
import { ProblemBanner } from "./problem-banner.js";
import { useDiagnosis } from "./use-diagnosis.js";

export interface HealthPanelProps {
  readonly api: ConsoleApi;
  /** The overview's refresh is paused: so is this one. */
  readonly paused: boolean;
  onExpired(problem: Problem): void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** The overall verdict in the doctor's words: which checks failed, or how many warned. */
function verdictOf(d: Diagnosis): string {
  const failed = d.checks.filter((c) => c.verdict === "fail").map((c) => doctorCheckTitles[c.id]);
  const warned = d.checks.filter((c) => c.verdict === "warn").length;
  return failed.length > 0
    ? `Unhealthy: ${plural(failed.length, "check")} failed (${failed.join(", ")})`
    : `Healthy${warned > 0 ? `, with ${plural(warned, "warning")}` : ""}`;
}

function CheckLine({ check }: { check: DoctorCheck }) {
  const title = doctorCheckTitles[check.id];
  return (
    <li class={`check-line verdict-${check.verdict}`} data-check={check.id} data-verdict={check.verdict}>
      {/* the verdict is a word, not only a colour */}
      <span class={`badge verdict-badge badge-${check.verdict}`}>{check.verdict}</span>{" "}
      <span class="check-title">{title}</span>: <span class="check-summary">{check.summary}</span>
      {check.hint !== undefined && (check.verdict === "warn" || check.verdict === "fail") && (
        <p class="check-hint">What to do: {check.hint}</p>
      )}
    </li>
  );
}

/**
 * The doctor's diagnosis of lnd (GET /v1/doctor, as `wtclient doctor` prints it): the overall verdict, then
 * one line per check with its verdict, and the hint of each one that is not ok.
 */
export function HealthPanel({ api, paused, onExpired }: HealthPanelProps) {
  const { latest, problem, running, run } = useDiagnosis(api, paused, onExpired);
  const d = latest?.diagnosis;
  return (
    <section aria-labelledby="health-title" class="card" data-health>
      <div class="section-head">
        <h2 id="health-title">Health</h2>
        <button type="button" class="small" disabled={running} onClick={() => void run()}>
          Run checks now
        </button>
      </div>
      <p class="muted">
        The checks of <code>wtclient doctor</code>, run by wtclient-http
        {d?.lnd !== undefined ? ` against lnd at ${d.lnd}` : ""}
        {d !== undefined ? ` over ${d.transport}` : ""}
        {latest !== undefined ? `, at ${latest.at.toLocaleTimeString()}` : ""}.
      </p>
      {problem && <ProblemBanner problem={problem} />}
      {problem && d !== undefined && <p class="muted">The checks below are from the last successful run.</p>}
      <p role="status" class={`health-verdict ${d === undefined ? "" : d.healthy ? "healthy" : "unhealthy"}`}>
        {d !== undefined ? verdictOf(d) : problem === undefined ? "Running the checks…" : ""}
      </p>
      {d !== undefined && (
        <ul class="plain checks" aria-label="Checks">
          {d.checks.map((c) => (
            <CheckLine key={c.id} check={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
