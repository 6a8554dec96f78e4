import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bearer, request, startService, startSim, writeToken } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

const secrets: string[] = [writeToken.token];

describe("readiness and an unreachable lnd", () => {
  afterAll(() => expectNoSecrets(secrets));

  async function downAndBackUp(transport: "grpc" | "rest"): Promise<void> {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags, transport });
    const stats = `${service.url}/v2/watchtower/client/stats`;
    const address = transport === "grpc" ? lnd.sim.rpcAddress : lnd.sim.restAddress;

    expect((await request(`${service.url}/readyz`)).status).toBe(200);
    expect((await request(stats, { headers: bearer(writeToken.token) })).status).toBe(200);

    await lnd.sim.setFaults({ refuseConnections: true });
    const ready = await request(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ ready: false, lnd: address, transport, reason: expect.stringContaining(address) });
    const call = await request(stats, { headers: bearer(writeToken.token) });
    expect(call.status).toBe(503);
    expect(call.json).toEqual({ code: 14, message: expect.stringContaining(address), details: [] });
    expect((await request(`${service.url}/healthz`)).status).toBe(200);

    await lnd.sim.setFaults({ refuseConnections: false });
    expect((await request(`${service.url}/readyz`)).json).toEqual({ ready: true, lnd: address, transport });
    expect((await request(stats, { headers: bearer(writeToken.token) })).status).toBe(200);
  }

  it("over rest: 503 while lnd refuses connections, ready again when it is back", () => downAndBackUp("rest"));
  // lnd closing the connection and coming back must not kill the service (connect-node 2.1.2 raised an
  // uncaught "received GOAWAY without any open streams" here, connect-es#1768; core's own gRPC client
  // handles every connection event)
  it("over grpc: 503 while lnd refuses connections, ready again when it is back", () => downAndBackUp("grpc"));

  it("is not ready when lnd's watchtower client is not active, and says so", async () => {
    await using lnd = await startSim({ active: false });
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags });
    const ready = await request(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((ready.json as { reason: string }).reason).toMatch(/watchtower client not active/);
  });

  it("starts without lnd or its files, explains on /readyz and answers 503 with lnd's address", async () => {
    const lnddir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-nolnd-"));
    try {
      await using service = await startService({ lnd: { lnddir, network: "regtest", rpcserver: "127.0.0.1:9" } });
      const ready = await request(`${service.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.json).toMatchObject({ ready: false, lnd: "127.0.0.1:9", reason: expect.stringContaining("tls.cert") });
      const call = await request(`${service.url}/v2/watchtower/client/policy`, { headers: bearer(writeToken.token) });
      expect(call.status).toBe(503);
      expect((call.json as { code: number; message: string }).code).toBe(14);
      expect((call.json as { message: string }).message).toContain("127.0.0.1:9");
    } finally {
      await rm(lnddir, { recursive: true, force: true });
    }
  });

  it("with only pass-through callers, reports lnd as reachable without a macaroon of its own", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: { ...lnd.flags, macaroonpath: path.join(lnd.sim.lnddir, "missing.macaroon") }, tokens: [], passthroughMacaroon: true });
    const ready = await request(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((ready.json as { reason: string }).reason).toMatch(/not checked/);
    const call = await request(`${service.url}/v2/watchtower/client/stats`, { headers: { "grpc-metadata-macaroon": lnd.adminHex } });
    expect(call.status).toBe(200);
  });
});
