import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDrivers } from "./load-drivers.js";
import { Matrix } from "./matrix.js";
import { lndAddressInUse } from "./lnd-address-in-use.js";
import { restoreTowers } from "./restore-towers.js";
import type { CallContext, Expectation, Outcome, Requirement, Scenario } from "./scenario.js";
import { scenarios } from "./scenarios/index.js";
import { startDoubleTarget, type Target } from "./target.js";
import { discoverWorld, type World } from "./world.js";

/** What one run of the suite goes against. */
export interface ConformanceTargets {
  readonly main: Target;
  /** a node whose watchtower client is not active, for the `inactive-client` scenarios */
  readonly inactive?: Target;
}

export interface ConformanceRun {
  /** names the target in the printed matrix */
  readonly title: string;
  /** started once, before every scenario; closed after all */
  start(): Promise<ConformanceTargets>;
  /** how long start() may take, default 60 s */
  readonly startTimeoutMs?: number;
  /** a real lnd's sessions are terminated only when allowed (they are retired for good) */
  readonly allowTerminate: boolean;
  /** why the inactive-client scenarios are skipped when start() gives no inactive target */
  readonly noInactive: string;
  /** where the matrix is written for print-matrix.mjs */
  readonly matrixFile: string;
  /** per scenario x driver, default the package's testTimeout */
  readonly testTimeoutMs?: number;
}

/** Why the target cannot run the scenario, if it cannot. */
function missing(s: Scenario, w: World | undefined, run: ConformanceRun): string | undefined {
  if (w === undefined) return run.noInactive;
  const reasons: Record<Requirement, string | undefined> = {
    session: w.session === undefined ? "the target has no session" : undefined,
    "exhausted-session": w.exhaustedSession === undefined ? "the target has no exhausted session" : undefined,
    tower: w.tower === undefined ? "the target has no tower with sessions" : undefined,
    faults: w.target.kind === "lnd" ? "a real lnd cannot be made to show this fault" : undefined,
    "allow-terminate":
      w.target.kind === "lnd" && !run.allowTerminate
        ? "terminating retires a real session for good: set WTCLIENT_TARGET_ALLOW_TERMINATE=1 to allow it"
        : undefined,
    "inactive-client": undefined,
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

/**
 * Define every scenario x driver as a test against the run's target. Scenarios that only read run before
 * the ones that change lnd: a real client negotiates fresh sessions some seconds after a session is
 * terminated or a tower re-activated, and a listing's counts must not move under a reading scenario.
 */
export async function defineConformance(run: ConformanceRun): Promise<void> {
  const drivers = await loadDrivers();
  const matrix = new Matrix(
    run.title,
    drivers.map((d) => d.name),
    scenarios.map((s) => s.name),
  );
  const ordered = [...scenarios.filter((s) => s.mutates !== true), ...scenarios.filter((s) => s.mutates === true)];
  let shared: World;
  let inactive: World | undefined;

  beforeAll(async () => {
    const targets = await run.start();
    shared = await discoverWorld(targets.main);
    if (targets.inactive !== undefined) inactive = await discoverWorld(targets.inactive);
  }, run.startTimeoutMs ?? 60_000);
  afterAll(async () => {
    matrix.write(run.matrixFile);
    for (const w of [inactive, shared]) {
      await w?.close();
      await w?.target.close();
    }
    for (const d of drivers) await d.close?.();
  }, 120_000);

  for (const s of ordered) {
    describe(s.name, () => {
      for (const d of drivers) {
        it(
          d.name,
          async (t) => {
            const call: CallContext = { macaroon: "admin", connection: "ok", timeoutSeconds: 20, ...s.context };
            const against = s.requires?.includes("inactive-client") ? inactive : shared;
            const skip = missing(s, against, run) ?? d.unsupported?.(s, s.input(against!), call);
            if (skip !== undefined) {
              matrix.set(s.name, d.name, { status: "skip", why: skip });
              t.skip(skip);
              return;
            }
            const fresh = s.mutates === true && against!.target.kind === "double";
            const w = fresh ? await discoverWorld(await startDoubleTarget()) : against!;
            const before = s.mutates === true && !fresh ? await w.refresh() : undefined;
            const attempt = async () => {
              await s.prepare?.(w);
              const outcome = await d.call(w.target, s.input(w), call);
              check(outcome, s.expect(w), w);
              if (outcome.ok) await s.verify?.(w);
            };
            try {
              for (let tries = 1; ; tries++) {
                try {
                  await attempt();
                  break;
                } catch (e) {
                  // lnd is busy with a tower (lndAddressInUse), not answering a frontend: start the cell over
                  if (!lndBusy(e, w, tries) || t.signal.aborted) throw e;
                  console.warn(`${s.name} / ${d.name}: lnd answered "address in use" (try ${tries}); starting over`);
                  if (before !== undefined) await restoreTowers(w, before);
                  await new Promise((resolve) => setTimeout(resolve, 2_000 * tries));
                }
              }
              // a call that outlived the test's timeout has already failed it
              if (t.signal.aborted) throw new Error("timed out");
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
          },
          run.testTimeoutMs,
        );
      }
    });
  }
}

/** A real lnd's transient refusal while it negotiates a session with a tower, worth another try (five in all). */
function lndBusy(e: unknown, w: World, tries: number): boolean {
  return w.target.kind !== "double" && tries < 5 && lndAddressInUse(e);
}
