import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { createLndTransportFromSettings, resolveLndSettings, WatchtowerClient } from "@wtclient/core";
import { demoKey, startLndSim } from "@wtclient/lnd-sim";
import { expect, it } from "vitest";
import { toHex } from "./hex.js";
import { isExhausted } from "./is-exhausted.js";

it("marks exhausted exactly the sessions lnd's exclude_exhausted_sessions drops", async () => {
  const sessions = [
    { label: "full", numBackups: 1024 },
    { label: "full-pending", numBackups: 1023, numPendingBackups: 1 },
    { label: "one-left", numBackups: 1023 },
    { label: "small-full", numBackups: 10, maxBackups: 10 },
    { label: "small-open", numBackups: 9, maxBackups: 10 },
    { label: "empty", numBackups: 0 },
    { label: "terminal-full", numBackups: 1024, terminal: true },
  ].map((s) => ({ ...s, id: demoKey(`exhausted-test/${s.label}`), client: "anchor" as const }));
  const lnddir = await mkdtemp(path.join(os.tmpdir(), "wtclient-console-exhausted-"));
  const seed = { towers: [{ pubkey: demoKey("exhausted-test/tower"), addresses: ["192.0.2.1:9911"], sessions }] };
  await using sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0", seed });
  try {
    const settings = resolveLndSettings(
      {
        rpcserver: sim.rpcAddress,
        lnddir,
        network: "regtest",
        tlscertpath: sim.tlsCertPath,
        macaroonpath: sim.macaroonPaths.admin,
        noProfiles: true,
      },
      {},
    );
    await using transport = await createLndTransportFromSettings(settings, "grpc");
    const client = createClient(WatchtowerClient, transport);
    const all = (await client.listTowers({ includeSessions: true })).towers.flatMap((t) =>
      t.sessionInfo.flatMap((i) => i.sessions),
    );
    const kept = new Set(
      (await client.listTowers({ includeSessions: true, excludeExhaustedSessions: true })).towers.flatMap((t) =>
        t.sessionInfo.flatMap((i) => i.sessions.map((s) => toHex(s.id))),
      ),
    );
    expect(all).toHaveLength(sessions.length);
    const dropped = all.filter((s) => !kept.has(toHex(s.id))).map((s) => toHex(s.id));
    expect(
      all
        .filter(isExhausted)
        .map((s) => toHex(s.id))
        .sort(),
    ).toEqual(dropped.sort());
    expect(dropped.length).toBe(3);
  } finally {
    await rm(lnddir, { recursive: true, force: true });
  }
});
