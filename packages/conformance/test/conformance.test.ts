import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDrivers } from "../src/load-drivers.js";
import { Matrix } from "../src/matrix.js";
import { restoreTowers } from "../src/restore-towers.js";
import type { CallContext, Expectation, Outcome, Requirement, Scenario } from "../src/scenario.js";
import { scenarios } from "../src/scenarios/index.js";
import { externalTarget, startDoubleTarget, type Target } from "../src/target.js";
import { discoverWorld, type World } from "../src/world.js";

const drivers = await loadDrivers();
const external = externalTarget();
const matrix = new Matrix(drivers.map((d) => d.name));
let shared: World;

beforeAll(async () => {
  shared = await discoverWorld(external ?? (await startDoubleTarget()));
});
afterAll(async () => {
  matrix.write(new URL("../.conformance-matrix.json", import.meta.url).pathname);
  await shared?.close();
  await shared?.target.close();
  for (const d of drivers) await d.close?.();
});

/** Why the target cannot run the scenario, if it cannot. */
function missing(s: Scenario, w: World): string | undefined {
  const reasons: Record<Requirement, string | undefined> = {
    session: w.session === undefined ? "the target has no session" : undefined,
    "exhausted-session": w.exhaustedSession === undefined ? "the target has no exhausted session" : undefined,
    tower: w.tower === undefined ? "the target has no tower with sessions" : undefined,
    faults: w.target.kind === "lnd" ? "a real lnd cannot be made to show this fault" : undefined,
    "allow-terminate":
      w.target.kind === "lnd" && process.env.WTCLIENT_TARGET_ALLOW_TERMINATE !== "1"
        ? "terminating retires a real session for good: set WTCLIENT_TARGET_ALLOW_TERMINATE=1 to allow it"
        : undefined,
  };
  return (s.requires ?? []).map((r) => reasons[r]).find((r) => r !== undefined);
}

function check(outcome: Outcome, expected: Expectation, w: World): void {
  if ("value" in expected) {
    expect(outcome, `expected a value, got ${JSON.stringify(outcome)}`).toMatchObject({ ok: true });
    expected.value((outcome as Extract<Outcome, { ok: true }>).value, w);
    return;
  }
  expect(outcome.ok, `expected an error, got ${JSON.stringify(outcome)}`).toBe(false);
  const got = outcome as Extract<Outcome, { ok: false }>;
  const e = expected.error;
  if (typeof e.message === "string") expect(got.message).toBe(e.message);
  else expect(got.message).toMatch(e.message);
  if (e.code !== undefined) expect(Code[got.code]).toBe(Code[e.code]);
  if (got.reason !== undefined) expect(got.reason).toBe(e.reason);
}

for (const s of scenarios) {
  describe(s.name, () => {
    for (const d of drivers) {
      it(d.name, async (t) => {
        const call: CallContext = { macaroon: "admin", connection: "ok", timeoutSeconds: 20, ...s.context };
        const fresh = s.mutates === true && shared.target.kind === "double";
        const skip = missing(s, shared) ?? d.unsupported?.(s, s.input(shared), call);
        if (skip !== undefined) {
          matrix.set(s.name, d.name, { status: "skip", why: skip });
          t.skip(skip);
          return;
        }
        const w = fresh ? await discoverWorld(await startDoubleTarget()) : shared;
        const before = s.mutates === true && !fresh ? await w.refresh() : undefined;
        try {
          await s.prepare?.(w);
          const outcome = await d.call(w.target, s.input(w), call);
          check(outcome, s.expect(w), w);
          if (outcome.ok) await s.verify?.(w);
          matrix.set(s.name, d.name, { status: "pass" });
        } catch (e) {
          matrix.set(s.name, d.name, { status: "fail", why: (e as Error).message.split("\n")[0]! });
          throw e;
        } finally {
          if (before !== undefined) await restoreTowers(w, before);
          if (fresh) {
            await w.close();
            await w.target.close();
          }
        }
      });
    }
  });
}
