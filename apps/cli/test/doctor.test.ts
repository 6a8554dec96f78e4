import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Diagnosis } from "@wtclient/core";
import { demoKey, startLndSim, type LndSim } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedAddress, runBin, tempHome } from "./run-bin.js";

let home: Awaited<ReturnType<typeof tempHome>>;
let sim: LndSim;
let other: LndSim;
let dirs: string[];

// each test runs the bin several times against in-process doubles: on a loaded machine that takes a while
const slow = { timeout: 180_000 };

beforeAll(async () => {
  home = await tempHome();
  dirs = await Promise.all([1, 2].map(() => mkdtemp(path.join(os.tmpdir(), "wtclient-doctor-"))));
  sim = await startLndSim({ lnddir: dirs[0]!, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
  // another lnd: its own cert and macaroons
  other = await startLndSim({ lnddir: dirs[1]!, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
}, slow.timeout);
afterAll(async () => {
  await sim?.close();
  await other?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  await home.remove();
}, slow.timeout);

const flagsOf = (s: LndSim) => [
  "--lnddir",
  s.lnddir,
  "-n",
  "regtest",
  "--rpcserver",
  s.rpcAddress,
  "--restserver",
  s.restAddress,
];
const doctor = (...args: string[]) => runBin([...args, "doctor"], { home: home.dir });

/** `wtclient doctor --json`, parsed; the text run's exit code must agree. */
async function diagnosis(
  ...args: string[]
): Promise<{ code: number; d: Diagnosis; byId: Map<string, Diagnosis["checks"][number]> }> {
  const r = await runBin([...args, "doctor", "--json"], { home: home.dir });
  expect(r.stderr).toBe("");
  const d = JSON.parse(r.stdout) as Diagnosis;
  return { code: r.code, d, byId: new Map(d.checks.map((c) => [c.id, c])) };
}

const order = [
  "settings",
  "tls-cert",
  "macaroon",
  "lnd",
  "client-active",
  "towers",
  "sessions",
  "pending-backups",
  "failed-backups",
  "exhausted-sessions",
];

describe("wtclient doctor", slow, () => {
  it("runs every check in order against a healthy double and exits 0, warning about the pending updates", async () => {
    for (const transport of ["grpc", "rest"]) {
      const { code, d, byId } = await diagnosis(...flagsOf(sim), "--transport", transport);
      expect(code).toBe(0);
      expect(d.healthy).toBe(true);
      expect(d.checks.map((c) => c.id)).toEqual(order);
      expect(d.checks.filter((c) => c.verdict !== "ok").map((c) => `${c.id}:${c.verdict}`)).toEqual([
        "pending-backups:warn",
      ]);
      expect(byId.get("macaroon")!.summary).toMatch(/admin\.macaroon: offchain:read and offchain:write$/);
      expect(byId.get("lnd")!.summary).toBe(
        `lnd answers over ${transport === "grpc" ? "gRPC" : "REST"} at ${transport === "grpc" ? sim.rpcAddress : sim.restAddress}, with the pinned certificate`,
      );
      expect(byId.get("towers")!.summary).toBe("2 of 3 towers active session candidates");
      expect(byId.get("pending-backups")!.details).toEqual([`${demoKey("tower/alpha")} active: 2 updates not acked`]);
      expect(byId.get("exhausted-sessions")!.details).toContain("anchor: 1 of 2 sessions exhausted");
    }
  });

  it("prints one line per check with its verdict, and hints under warnings and failures", async () => {
    const r = await doctor(...flagsOf(sim));
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`wtclient doctor: lnd at ${sim.rpcAddress} over grpc`);
    expect(lines.filter((l) => /^(ok|WARN|FAIL|skip) /.test(l))).toHaveLength(order.length);
    expect(r.stdout).toMatch(
      /^WARN {2}pending backups {5}0 backups queued in lnd, 2 updates sent but not acked by a tower$/m,
    );
    expect(r.stdout).toMatch(/^ {26}hint: normal for a moment/m);
    expect(lines.at(-2)).toBe("healthy, with 1 warning");
  });

  it("fails the client-active check when the watchtower client is off, and skips what depends on it", async () => {
    await sim.setFaults({ active: false });
    try {
      const { code, byId } = await diagnosis(...flagsOf(sim));
      expect(code).toBe(1);
      expect(byId.get("lnd")!.verdict).toBe("ok");
      expect(byId.get("client-active")).toEqual({
        id: "client-active",
        verdict: "fail",
        summary: "watchtower client not active",
        hint: "start lnd with wtclient.active=1 (lnd.conf [wtclient] section or --wtclient.active)",
      });
      expect(byId.get("towers")).toMatchObject({
        verdict: "skip",
        summary: "not checked: the watchtower client is not active",
      });
      const text = await doctor(...flagsOf(sim));
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/^unhealthy: 1 check failed \(client active\)$/m);
    } finally {
      await sim.setFaults({ active: true });
    }
  });

  it("fails the towers check when every tower is deactivated", async () => {
    const active = sim.model.towers().filter((t) => t.active);
    for (const t of active) sim.model.deactivateTower(t.pubkey);
    try {
      const { code, byId } = await diagnosis(...flagsOf(sim));
      expect(code).toBe(1);
      expect(byId.get("towers")).toMatchObject({
        verdict: "fail",
        summary: "3 towers, none of them an active session candidate",
      });
      expect(byId.get("towers")!.hint).toMatch(/wtclient add/);
    } finally {
      for (const t of active) sim.model.addTower(t.pubkey, t.addresses[0]!);
    }
  });

  it("names a wrong port: nothing listening, or lnd's other listener", async () => {
    const nowhere = await closedAddress();
    const closed = await diagnosis(...flagsOf(sim), "--rpcserver", nowhere);
    expect(closed.code).toBe(1);
    expect(closed.byId.get("lnd")!.summary).toMatch(
      new RegExp(`^nothing answers at ${nowhere} \\(grpc\\): .*ECONNREFUSED`),
    );
    expect(closed.byId.get("lnd")!.hint).toMatch(/--rpcserver/);
    expect(closed.byId.get("client-active")!.verdict).toBe("skip");
    // gRPC sent to the REST port, and REST to the gRPC port
    const restPort = await diagnosis(...flagsOf(sim), "--rpcserver", sim.restAddress);
    expect(restPort.byId.get("lnd")!.summary).toMatch(
      new RegExp(`^${sim.restAddress} answers, but not with lnd's gRPC`),
    );
    expect(restPort.byId.get("lnd")!.hint).toMatch(/is .* lnd's REST port\?/);
    const grpcPort = await diagnosis(...flagsOf(sim), "--transport", "rest", "--restserver", sim.rpcAddress);
    expect(grpcPort.byId.get("lnd")!.summary).toMatch(
      new RegExp(`^${sim.rpcAddress} answers, but not with lnd's REST`),
    );
    expect(grpcPort.byId.get("lnd")!.hint).toMatch(/is .* lnd's gRPC port\?/);
  });

  it("names a wrong cert: another lnd's tls.cert", async () => {
    const { code, byId } = await diagnosis(...flagsOf(sim), "--tlscertpath", other.tlsCertPath);
    expect(code).toBe(1);
    expect(byId.get("tls-cert")!.verdict).toBe("ok");
    expect(byId.get("lnd")!.summary).toMatch(
      new RegExp(
        `^${sim.rpcAddress} answers with a certificate other than ${other.tlsCertPath.replace(/[.]/g, "\\.")}`,
      ),
    );
  });

  it("names a wrong network: the macaroon lives under another network's directory", async () => {
    const { code, byId } = await diagnosis("--lnddir", sim.lnddir, "-n", "testnet", "--rpcserver", sim.rpcAddress);
    expect(code).toBe(1);
    expect(byId.get("macaroon")).toEqual({
      id: "macaroon",
      verdict: "fail",
      summary: `no admin.macaroon for network testnet in ${sim.lnddir}`,
      hint: "lnd keeps one for regtest: is lnd running on that network? pass --network regtest",
    });
    expect(byId.get("lnd")!.verdict).toBe("skip");
  });

  it("names a macaroon from another lnd, and one without offchain:read", async () => {
    const foreign = await diagnosis(...flagsOf(sim), "--macaroonpath", other.macaroonPaths.admin);
    expect(foreign.byId.get("lnd")!.summary).toMatch(
      new RegExp(`^lnd at ${sim.rpcAddress} refuses the macaroon: verification failed`),
    );
    const invoice = await diagnosis(...flagsOf(sim), "--macaroonpath", sim.macaroonPaths.invoice);
    expect(invoice.byId.get("macaroon")).toMatchObject({
      verdict: "fail",
      summary: `${sim.macaroonPaths.invoice} lacks offchain:read`,
    });
    const readonly = await diagnosis(...flagsOf(sim), "--macaroonpath", sim.macaroonPaths.readonly);
    expect(readonly.code).toBe(0);
    expect(readonly.byId.get("macaroon")!.summary).toMatch(
      /read only: add, remove, deactivate and terminate need offchain:write/,
    );
  });

  it("reports settings that do not resolve, and is a usage error with arguments", async () => {
    const bad = await diagnosis("-n", "moonnet");
    expect(bad.code).toBe(1);
    expect(bad.byId.get("settings")).toMatchObject({ verdict: "fail", summary: "unknown network: moonnet" });
    expect(bad.d.checks.slice(1).every((c) => c.verdict === "skip")).toBe(true);
    const usage = await runBin([...flagsOf(sim), "doctor", "extra"], { home: home.dir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^\[wtclient\] too many arguments/);
  });
});
