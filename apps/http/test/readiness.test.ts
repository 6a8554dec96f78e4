import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { bearer, request, startService, startSim, writeToken, type HttpAnswer } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

const secrets: string[] = [writeToken.token];

/** /readyz, again and again, until its status is `status` (the probe's cached answer ages out). */
async function readyzUntil(url: string, status: number, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  for (;;) {
    const res = await request(`${url}/readyz`, { headers });
    if (res.status === status) return res;
    await sleep(50);
  }
}

describe("readiness and an unreachable lnd", () => {
  afterAll(() => expectNoSecrets(secrets));

  async function downAndBackUp(transport: "grpc" | "rest"): Promise<void> {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags, transport, readinessIntervalSeconds: 0.05 });
    const stats = `${service.url}/v2/watchtower/client/stats`;
    const address = transport === "grpc" ? lnd.sim.rpcAddress : lnd.sim.restAddress;

    expect((await request(`${service.url}/readyz`)).json).toEqual({ ready: true });
    expect((await request(`${service.url}/readyz`, { headers: bearer(writeToken.token) })).json).toEqual({
      ready: true,
      lnd: address,
      transport,
    });
    expect((await request(stats, { headers: bearer(writeToken.token) })).status).toBe(200);

    await lnd.sim.setFaults({ refuseConnections: true });
    // a stranger learns the state and a reason word, nothing about lnd
    expect((await readyzUntil(service.url, 503)).json).toEqual({ ready: false, reason: "unreachable" });
    const detailed = await request(`${service.url}/readyz`, { headers: bearer(writeToken.token) });
    expect(detailed.json).toEqual({
      ready: false,
      lnd: address,
      transport,
      reason: "unreachable",
      detail: expect.stringContaining(address),
    });
    const call = await request(stats, { headers: bearer(writeToken.token) });
    expect(call.status).toBe(503);
    expect(call.json).toEqual({ code: 14, message: expect.stringContaining(address), details: [] });
    expect((await request(`${service.url}/healthz`)).status).toBe(200);
    // the log has the details, once per change
    expect(
      service.log.records().filter((r) => r.msg === `not ready: ${(detailed.json as { detail: string }).detail}`),
    ).toHaveLength(1);

    await lnd.sim.setFaults({ refuseConnections: false });
    expect((await readyzUntil(service.url, 200)).json).toEqual({ ready: true });
    expect((await request(stats, { headers: bearer(writeToken.token) })).status).toBe(200);
  }

  it("over rest: 503 while lnd refuses connections, ready again when it is back", () => downAndBackUp("rest"), 60_000);
  // lnd closing the connection and coming back must not kill the service (connect-node 2.1.2 raised an
  // uncaught "received GOAWAY without any open streams" here, connect-es#1768; core's own gRPC client
  // handles every connection event)
  it("over grpc: 503 while lnd refuses connections, ready again when it is back", () => downAndBackUp("grpc"), 60_000);

  it("is not ready when lnd's watchtower client is not active, and says so", async () => {
    await using lnd = await startSim({ active: false });
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags });
    const ready = await request(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ ready: false, reason: "client-not-active" });
    const detailed = await request(`${service.url}/readyz`, { headers: bearer(writeToken.token) });
    expect((detailed.json as { detail: string }).detail).toMatch(/watchtower client not active/);
  });

  it("starts without lnd or its files; no answer names a path of this machine, the log does", async () => {
    const lnddir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-nolnd-"));
    try {
      await using service = await startService({ lnd: { lnddir, network: "regtest", rpcserver: "127.0.0.1:9" } });
      const ready = await request(`${service.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.json).toEqual({ ready: false, reason: "bad-request" });
      const detailed = await request(`${service.url}/readyz`, { headers: bearer(writeToken.token) });
      expect(detailed.json).toMatchObject({
        ready: false,
        lnd: "127.0.0.1:9",
        detail: expect.stringContaining("'tls.cert'"),
      });
      const call = await request(`${service.url}/v2/watchtower/client/policy`, { headers: bearer(writeToken.token) });
      expect(call.status).toBe(503);
      expect((call.json as { code: number; message: string }).code).toBe(14);
      expect((call.json as { message: string }).message).toContain("127.0.0.1:9");
      for (const answer of [ready, detailed, call]) {
        expect(answer.text).not.toContain(lnddir);
        expect(answer.text).not.toContain(os.tmpdir());
      }
      expect(service.log.lines.some((l) => l.includes(path.join(lnddir, "tls.cert")))).toBe(true);
    } finally {
      await rm(lnddir, { recursive: true, force: true });
    }
  });

  it("with only pass-through callers, reports lnd as reachable without a macaroon of its own", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({
      lnd: { ...lnd.flags, macaroonpath: path.join(lnd.sim.lnddir, "missing.macaroon") },
      tokens: [],
      passthroughMacaroon: true,
    });
    const ready = await request(`${service.url}/readyz`);
    expect(ready.json).toEqual({ ready: true, reason: "unchecked" });
    const call = await request(`${service.url}/v2/watchtower/client/stats`, {
      headers: { "grpc-metadata-macaroon": lnd.adminHex },
    });
    expect(call.status).toBe(200);
  });

  it("1000 concurrent unauthenticated /readyz make at most one call to lnd per interval", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    const intervalMs = 5000;
    await using service = await startService({ lnd: lnd.flags });
    const agent = new Agent({ connections: 100 });
    try {
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 1000 }, async () => {
          const res = await fetch(`${service.url}/readyz`, { dispatcher: agent });
          return { status: res.status, body: await res.text() };
        }),
      );
      const elapsedMs = performance.now() - started;
      expect(answers.every((a) => a.status === 200 && a.body === '{"ready":true}')).toBe(true);
      // single-flight and cached: one call, and one more for each interval the 1000 requests took
      const calls = lnd.sim.calls.Stats ?? 0;
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThanOrEqual(1 + Math.floor(elapsedMs / intervalMs));
    } finally {
      await agent.close();
    }
  }, 120_000);
});
