import type { Diagnosis } from "@wtclient/doctor";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ConsoleApi } from "./console-api.js";
import { describeError, type Problem } from "./describe-error.js";
import { REFRESH_SECONDS } from "./use-snapshot.js";

/** A diagnosis and when the service answered it. */
export interface DiagnosisAt {
  readonly diagnosis: Diagnosis;
  readonly at: Date;
}

/** The request failed (not a check): what the page says instead of the checks. */
function describeDoctorError(error: unknown): Problem {
  const p = describeError(error);
  // a status the page has no words for (an older service without the route answers 404): it is the
  // service's answer, not lnd's
  if (p.kind === "refused") {
    return {
      ...p,
      title: "wtclient-http did not run the checks",
      hint: "is this wtclient-http recent enough to serve GET /v1/doctor? `wtclient doctor` runs the same checks from a shell",
    };
  }
  return { ...p, title: `The checks could not be run: ${p.title}` };
}

/**
 * GET /v1/doctor now, then every REFRESH_SECONDS unless paused (the overview's interval and pause);
 * the latest diagnosis stays while a later request fails. A refused credential goes to `onExpired`.
 */
export function useDiagnosis(api: ConsoleApi, paused: boolean, onExpired: (p: Problem) => void) {
  const [latest, setLatest] = useState<DiagnosisAt | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [running, setRunning] = useState(false);
  // only the latest request's answer counts: an earlier, slower one must not overwrite it
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setRunning(true);
    try {
      const diagnosis = await api.doctor();
      if (mine !== generation.current) return;
      setLatest({ diagnosis, at: new Date() });
      setProblem(undefined);
    } catch (e) {
      if (mine !== generation.current) return;
      const p = describeDoctorError(e);
      if (p.kind === "expired") onExpired(describeError(e));
      else setProblem(p);
    } finally {
      if (mine === generation.current) setRunning(false);
    }
  }, [api]);

  useEffect(() => void run(), [run]);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => void run(), REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [run, paused]);

  return { latest, problem, running, run };
}
