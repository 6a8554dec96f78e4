import type { Problem } from "./describe-error.js";

/** A failure: what happened, lnd's or the service's words, and what to do. Announced at once (role=alert). */
export function ProblemBanner({ problem, stale }: { problem: Problem; stale?: boolean }) {
  return (
    <div class="banner error" role="alert" data-problem={problem.kind}>
      <p class="banner-title">{problem.title}</p>
      <p>
        <code class="raw">{problem.message}</code>
      </p>
      <p>What to do: {problem.hint}</p>
      {stale === true && <p class="muted">The figures below are from the last successful refresh.</p>}
    </div>
  );
}
