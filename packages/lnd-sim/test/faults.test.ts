import { Code, ConnectError } from "@connectrpc/connect";
import { hexToBytes } from "@wtclient/core/internal";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { captureSeed, startLndSim } from "../src/index.js";
import { loadCapture } from "./fixtures.js";
import { startTestSim, type TestSim } from "./sim-harness.js";

const { inputs } = loadCapture();
const seed = captureSeed(inputs);
const sessionId = hexToBytes(inputs.session_ids[2]!);

async function failure(call: Promise<unknown>): Promise<ConnectError> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ConnectError)) throw new Error(`expected a ConnectError, got ${String(e)}`);
  return e;
}

async function restError(t: TestSim): Promise<NodeJS.ErrnoException> {
  const e = await t.rest("GET", "/v2/watchtower/client/stats", t.macaroons.admin).then(
    () => undefined,
    (err: unknown) => err as NodeJS.ErrnoException,
  );
  if (e === undefined) throw new Error("the REST request succeeded");
  return e;
}

function admin(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
        }),
      );
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe("faults", () => {
  it("latencyMs delays calls: a deadline shorter than the latency expires", async () => {
    await using t = await startTestSim({ seed, faults: { latencyMs: 5000 } });
    const client = t.grpc(t.macaroons.admin);
    expect((await failure(client.stats({}, { timeoutMs: 100 }))).code).toBe(Code.DeadlineExceeded);
    await t.sim.setFaults({ latencyMs: 0 });
    expect((await client.stats({})).numBackups).toBe(0);
  });

  it("a call whose grpc-timeout passes during the latency ends as lnd's does: DeadlineExceeded, context deadline exceeded", async () => {
    await using t = await startTestSim({ seed, faults: { latencyMs: 5000 } });
    // the deadline travels only as the header, so the answer is the server's, not the client's own timer
    const e = await failure(t.grpc(t.macaroons.admin).stats({}, { headers: { "grpc-timeout": "100m" } }));
    expect([Code[e.code], e.rawMessage]).toEqual([Code[Code.DeadlineExceeded], "context deadline exceeded"]);
  });

  it("active=false answers `watchtower client not active` after the macaroon check", async () => {
    await using t = await startTestSim({ seed });
    await t.sim.setFaults({ active: false });
    expect((await failure(t.grpc(t.macaroons.admin).listTowers({}))).rawMessage).toBe("watchtower client not active");
    expect((await failure(t.grpc(undefined).listTowers({}))).rawMessage).toBe("expected 1 macaroon, got 0");
    expect((await t.rest("GET", "/v2/watchtower/client", t.macaroons.admin)).body).toEqual({
      code: 2,
      message: "watchtower client not active",
      details: [],
    });
  });

  it("unackedSessions makes TerminateSession fail for those ids, on gRPC and REST", async () => {
    await using t = await startTestSim({ seed, faults: { unackedSessions: [inputs.session_ids[2]!] } });
    expect((await failure(t.grpc(t.macaroons.admin).terminateSession({ sessionId }))).rawMessage).toBe(
      "session has un-acked updates",
    );
    const path = `/v2/watchtower/client/sessions/terminate/${Buffer.from(sessionId).toString("base64url")}`;
    expect(await t.rest("POST", path, t.macaroons.admin)).toMatchObject({
      status: 500,
      body: { code: 2, message: "session has un-acked updates" },
    });
  });

  it("refuseConnections closes both listeners; turning it off reopens them on the same ports", async () => {
    await using t = await startTestSim({ seed });
    const ports = [t.sim.rpcAddress, t.sim.restAddress];
    await t.sim.setFaults({ refuseConnections: true });
    const refused = await failure(t.grpc(t.macaroons.admin).stats({}));
    expect(refused.code).toBe(Code.Unavailable);
    expect(refused.message).toContain("ECONNREFUSED");
    expect((await restError(t)).code).toBe("ECONNREFUSED");
    await t.sim.setFaults({ refuseConnections: false });
    expect([t.sim.rpcAddress, t.sim.restAddress]).toEqual(ports);
    expect((await t.grpc(t.macaroons.admin).stats({})).numBackups).toBe(0);
    expect((await t.rest("GET", "/v2/watchtower/client/stats", t.macaroons.admin)).status).toBe(200);
  });

  it("resetConnections drops the connection of every call before it is answered", async () => {
    await using t = await startTestSim({ seed });
    await t.sim.setFaults({ resetConnections: true });
    const reset = await failure(t.grpc(t.macaroons.admin).stats({}));
    expect([Code.Unavailable, Code.Internal, Code.Canceled, Code.Unknown]).toContain(reset.code);
    expect((await restError(t)).code).toBe("ECONNRESET");
    await t.sim.setFaults({ resetConnections: false });
    expect((await t.grpc(t.macaroons.admin).stats({})).numBackups).toBe(0);
  });

  it("restart() reopens the same ports with the state kept and Stats reset", async () => {
    await using t = await startTestSim({ seed });
    const admin = t.grpc(t.macaroons.admin);
    await admin.terminateSession({ sessionId });
    t.sim.model.stats.numBackups = 7;
    const addresses = [t.sim.rpcAddress, t.sim.restAddress];
    await t.sim.restart();
    expect([t.sim.rpcAddress, t.sim.restAddress]).toEqual(addresses);
    const fresh = t.grpc(t.macaroons.admin);
    expect((await fresh.stats({})).numBackups).toBe(0);
    expect(t.sim.model.towers()[0]!.sessions.find((s) => s.id === inputs.session_ids[2])?.terminal).toBe(true);
  });
});

describe("admin API", () => {
  it("reads and changes faults, restarts, shows the state; loopback only", async () => {
    await using t = await startTestSim({ seed, adminlisten: "127.0.0.1:0" });
    const url = t.sim.adminUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await admin(url, "GET", "/faults")).toEqual({ status: 200, body: t.sim.faults });
    expect((await admin(url, "POST", "/faults", { active: false, latencyMs: 1 })).body).toMatchObject({
      active: false,
      latencyMs: 1,
    });
    expect((await failure(t.grpc(t.macaroons.admin).stats({}))).rawMessage).toBe("watchtower client not active");
    expect(await admin(url, "POST", "/faults", { active: "no" })).toEqual({
      status: 400,
      body: { error: "active: expected a boolean" },
    });
    expect(await admin(url, "POST", "/faults", { colour: 1 })).toEqual({
      status: 400,
      body: { error: 'unknown fault "colour"' },
    });
    expect(await admin(url, "POST", "/restart")).toEqual({
      status: 200,
      body: { rpcAddress: t.sim.rpcAddress, restAddress: t.sim.restAddress },
    });
    expect(await admin(url, "POST", "/restart", { freshCert: "yes" })).toEqual({
      status: 400,
      body: { error: 'expected {} or {"freshCert": true|false}' },
    });
    const certBefore = readFileSync(t.sim.tlsCertPath, "utf8");
    expect((await admin(url, "POST", "/restart", { freshCert: true })).status).toBe(200);
    expect(readFileSync(t.sim.tlsCertPath, "utf8")).not.toBe(certBefore);
    const calls = (await admin(url, "GET", "/calls")).body;
    expect(calls).toEqual({ Stats: 1 });
    const state = await admin(url, "GET", "/state");
    expect(state.body).toMatchObject({ towers: [{ pubkey: inputs.tower_pubkey }], stats: { numBackups: 0 } });
    expect((await admin(url, "GET", "/nope")).status).toBe(404);
  });

  it("refuses a non-loopback admin address", async () => {
    // checked before anything is written to lnddir
    await expect(startLndSim({ lnddir: "never-created", adminlisten: "0.0.0.0:0" })).rejects.toThrow(
      "the admin API listens on loopback only",
    );
    expect(existsSync("never-created")).toBe(false);
  });
});
