import type { PolicyResponse, StatsResponse, Tower } from "@wtclient/gen";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ConsoleApi, TerminatedEntry } from "./console-api.js";
import { describeError, type Problem } from "./describe-error.js";
import { policyTypes } from "./format.js";

/** Everything the dashboard shows, read in one go. */
export interface Snapshot {
  readonly stats: StatsResponse;
  readonly policies: readonly { readonly type: (typeof policyTypes)[number]; readonly policy: PolicyResponse }[];
  readonly towers: readonly Tower[];
  /** Sessions this service terminated, by hex id (lnd itself cannot tell). */
  readonly terminated: ReadonlyMap<string, TerminatedEntry>;
  readonly at: Date;
}

export const REFRESH_SECONDS = 10;

/** Read everything the dashboard shows, all calls at once. */
export async function loadSnapshot(api: ConsoleApi, hideExhausted: boolean): Promise<Snapshot> {
  const [stats, policies, list, terminated] = await Promise.all([
    api.rpc.stats({}),
    Promise.all(policyTypes.map(async (type) => ({ type, policy: await api.rpc.policy({ policyType: type }) }))),
    api.rpc.listTowers({ includeSessions: true, excludeExhaustedSessions: hideExhausted }),
    api.terminated(),
  ]);
  return {
    stats,
    policies,
    towers: list.towers,
    terminated: new Map(terminated.map((t) => [t.sessionId, t])),
    at: new Date(),
  };
}

/**
 * The latest snapshot and the latest failure, refreshed every REFRESH_SECONDS unless paused; `initial`
 * is one read while the page was signing in (it then shows without another round trip).
 */
export function useSnapshot(
  api: ConsoleApi,
  hideExhausted: boolean,
  paused: boolean,
  onExpired: (p: Problem) => void,
  initial?: Snapshot,
) {
  const [snapshot, setSnapshot] = useState<Snapshot | undefined>(initial);
  const skipFirst = useRef(initial !== undefined);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const next = await loadSnapshot(api, hideExhausted);
      if (mine !== generation.current) return;
      setSnapshot(next);
      setProblem(undefined);
    } catch (e) {
      if (mine !== generation.current) return;
      const p = describeError(e);
      if (p.kind === "expired") onExpired(p);
      else setProblem(p);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, hideExhausted]);

  useEffect(() => {
    if (skipFirst.current) skipFirst.current = false;
    else void load();
  }, [load]);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => void load(), REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [load, paused]);

  return { snapshot, problem, loading, reload: load };
}
