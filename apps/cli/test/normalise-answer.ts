import { expect } from "vitest";

type Json = Record<string, unknown>;

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/**
 * lnd builds towers and session_info by iterating Go maps (random order), and takes a tower's deprecated
 * top-level active_session_candidate/num_sessions from whichever client came first: check those against
 * the session_info entries, then compare the rest in a fixed order.
 */
function normaliseTower(tower: Json): Json {
  const infos = tower.session_info as Json[];
  expect(
    infos.some(
      (i) => i.active_session_candidate === tower.active_session_candidate && i.num_sessions === tower.num_sessions,
    ),
  ).toBe(true);
  const { active_session_candidate: _a, num_sessions: _n, ...rest } = tower;
  return { ...rest, sessions: [...(tower.sessions as Json[])].sort(byJson), session_info: [...infos].sort(byJson) };
}

/** An lncli-style answer in a form two equal answers share whatever order lnd listed them in. */
export function normaliseAnswer(answer: Json): Json {
  if (Array.isArray(answer.towers)) return { towers: (answer.towers as Json[]).map(normaliseTower).sort(byJson) };
  if (Array.isArray(answer.session_info)) return normaliseTower(answer);
  return answer;
}
