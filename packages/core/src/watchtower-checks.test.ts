import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ListTowersResponseSchema, PolicyType } from "./gen/wtclientrpc/wtclient_pb.js";
import { watchtowerChecks } from "./watchtower-checks.js";
import { summariseTowers, type WatchtowerSnapshot } from "./watchtower-snapshot.js";

const key = (n: number) => Uint8Array.from([2, ...new Array<number>(31).fill(0), n]);
const hex = (n: number) => Buffer.from(key(n)).toString("hex");
const session = (numBackups: number, numPendingBackups = 0, maxBackups = 1024) => ({
  id: key(99),
  numBackups,
  numPendingBackups,
  maxBackups,
});

/** A ListTowers answer: per tower, whether it is a candidate and its sessions per client (v0.21 has two taproot clients). */
function list(towers: { n: number; active: boolean; clients: [PolicyType, ReturnType<typeof session>[]][] }[]) {
  return create(ListTowersResponseSchema, {
    towers: towers.map((t) => ({
      pubkey: key(t.n),
      addresses: [`192.0.2.${t.n}:9911`],
      sessionInfo: t.clients.map(([policyType, sessions]) => ({
        policyType,
        activeSessionCandidate: t.active,
        numSessions: sessions.length,
        sessions,
      })),
    })),
  });
}

function snapshot(l: ReturnType<typeof list>, stats: Partial<WatchtowerSnapshot["stats"]> = {}): WatchtowerSnapshot {
  return {
    stats: { backups: 0, pendingBackups: 0, failedBackups: 0, sessionsAcquired: 0, sessionsExhausted: 0, ...stats },
    policies: [{ policy: "legacy", maxUpdates: 1024, sweepSatPerVbyte: 10 }],
    towers: summariseTowers(l),
  };
}

const verdicts = (s: WatchtowerSnapshot) => Object.fromEntries(watchtowerChecks(s).map((c) => [c.id, c.verdict]));

describe("summariseTowers", () => {
  it("sums a tower's clients per policy type (v0.21's two taproot clients become one entry) and counts exhausted sessions", () => {
    const [tower] = summariseTowers(
      list([
        {
          n: 1,
          active: true,
          clients: [
            [PolicyType.LEGACY, [session(1024), session(3, 2)]],
            [PolicyType.TAPROOT, [session(10)]],
            [PolicyType.TAPROOT, [session(1024, 1), session(1024)]],
          ],
        },
      ]),
    );
    expect(tower).toEqual({
      pubkey: hex(1),
      addresses: ["192.0.2.1:9911"],
      activeCandidate: true,
      policies: [
        {
          policy: "legacy",
          activeCandidate: true,
          sessions: 2,
          exhaustedSessions: 1,
          backups: 1027,
          pendingBackups: 2,
          maxBackups: 2048,
        },
        // a full session with an update still pending is not exhausted
        {
          policy: "taproot",
          activeCandidate: true,
          sessions: 3,
          exhaustedSessions: 1,
          backups: 2058,
          pendingBackups: 1,
          maxBackups: 3072,
        },
      ],
    });
  });
});

describe("watchtowerChecks", () => {
  const healthy = list([
    {
      n: 1,
      active: true,
      clients: [
        [PolicyType.LEGACY, [session(5)]],
        [PolicyType.ANCHOR, [session(1024), session(1)]],
      ],
    },
    { n: 2, active: false, clients: [[PolicyType.LEGACY, [session(1024)]]] },
  ]);

  it.each([
    [
      "a tower with room left",
      snapshot(healthy),
      { towers: "ok", sessions: "ok", "pending-backups": "ok", "failed-backups": "ok", "exhausted-sessions": "ok" },
    ],
    [
      "no tower at all",
      snapshot(list([])),
      { towers: "fail", sessions: "warn", "pending-backups": "ok", "failed-backups": "ok", "exhausted-sessions": "ok" },
    ],
    [
      "only inactive towers",
      snapshot(list([{ n: 2, active: false, clients: [[PolicyType.LEGACY, [session(3)]]] }])),
      { towers: "fail", sessions: "warn", "pending-backups": "ok", "failed-backups": "ok", "exhausted-sessions": "ok" },
    ],
    [
      "every anchor session on active towers exhausted (an inactive tower's room does not count)",
      snapshot(
        list([
          { n: 1, active: true, clients: [[PolicyType.ANCHOR, [session(1024)]]] },
          { n: 2, active: false, clients: [[PolicyType.ANCHOR, [session(1)]]] },
        ]),
      ),
      { towers: "ok", sessions: "ok", "pending-backups": "ok", "failed-backups": "ok", "exhausted-sessions": "fail" },
    ],
    [
      "pending updates and failures",
      snapshot(healthy, { pendingBackups: 3, failedBackups: 2 }),
      { towers: "ok", sessions: "ok", "pending-backups": "warn", "failed-backups": "warn", "exhausted-sessions": "ok" },
    ],
  ])("%s", (_name, s, expected) => {
    expect(verdicts(s)).toEqual(expected);
  });

  it("says how full each active tower's sessions are, and which policy types have none yet", () => {
    const sessions = watchtowerChecks(snapshot(healthy)).find((c) => c.id === "sessions")!;
    expect(sessions.summary).toBe(
      "3 sessions with active towers; none yet for taproot (negotiated when a channel of that type needs one)",
    );
    expect(sessions.details).toEqual([
      `${hex(1)} legacy: 1 session, 5 of 1024 updates used (0%)`,
      `${hex(1)} anchor: 2 sessions, 1025 of 2048 updates used (50%)`,
    ]);
    const exhausted = watchtowerChecks(snapshot(healthy)).find((c) => c.id === "exhausted-sessions")!;
    expect(exhausted.details).toEqual(["legacy: 0 of 1 session exhausted", "anchor: 1 of 2 sessions exhausted"]);
  });
});
