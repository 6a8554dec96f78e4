import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { HttpConfigError, startHttpService } from "../src/index.js";
import { bearer, request, startService, startSim, writeToken } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

/** Wait until the service counts `n` requests in flight (the /metrics request itself is one of them). */
async function untilInFlight(url: string, n: number): Promise<void> {
  for (;;) {
    const text = (await request(`${url}/metrics`)).text;
    if (text.includes(`wtclient_http_requests_in_flight ${n}\n`)) return;
    await sleep(20);
  }
}

describe("lifecycle", () => {
  it("lets a call in flight finish on close, then refuses new connections", async () => {
    await using lnd = await startSim();
    const service = await startService({ lnd: lnd.flags });
    try {
      lnd.sim.faults.latencyMs = 500;
      const inFlight = request(`${service.url}/v2/watchtower/client/stats`, { headers: bearer(writeToken.token) });
      await untilInFlight(service.url, 2);
      const closed = service.service.close();
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.json).toHaveProperty("num_backups");
      await closed;
      await expect(request(`${service.url}/healthz`)).rejects.toThrow();
      expect(service.log.records().at(-1)?.msg).toBe("stopped");
    } finally {
      await service.service.close();
    }
    expectNoSecrets([lnd.adminHex, writeToken.token]);
  });

  it("gives up on lnd after --timeout with lnd's DeadlineExceeded", async () => {
    await using lnd = await startSim({ faults: { latencyMs: 5000 } });
    await using service = await startService({ lnd: lnd.flags, timeoutSeconds: 0.2 });
    const res = await request(`${service.url}/v2/watchtower/client/policy`, { headers: bearer(writeToken.token) });
    expect(res.status).toBe(504);
    expect((res.json as { code: number }).code).toBe(4);
  });

  // a deadline below a millisecond is one too (it is no protocol error: REST calls reach the service in process)
  it.each(["100m", "1500u"])(
    "ends a REST call at the caller's Grpc-Timeout of %s with DeadlineExceeded",
    async (timeout) => {
      await using lnd = await startSim({ faults: { latencyMs: 5000 } });
      await using service = await startService({ lnd: lnd.flags });
      const res = await request(`${service.url}/v2/watchtower/client/stats`, {
        headers: { ...bearer(writeToken.token), "grpc-timeout": timeout },
      });
      expect(res.status).toBe(504);
      expect(res.json).toEqual({ code: 4, message: "the operation timed out", details: [] });
    },
  );

  it("refuses a config with mistakes before doing anything", async () => {
    const err = await startHttpService({ listen: "0.0.0.0:0", insecureNoAuth: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpConfigError);
    expect((err as HttpConfigError).problems).toHaveLength(2);
  });

  it("reports an lnd setting core cannot use as a config problem", async () => {
    const err = await startHttpService({ listen: "127.0.0.1:0", lnd: { network: "moonnet" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpConfigError);
    expect((err as HttpConfigError).problems).toEqual(["unknown network: moonnet"]);
  });

  it("runs the embedded double with sim: true and removes its lnddir on close", async () => {
    const { existsSync } = await import("node:fs");
    const service = await startService({ sim: true });
    const first = service.log.records()[0]!;
    expect(first.msg).toMatch(/^--sim: serving the embedded lnd double/);
    const lnddir = (first.sim as { lnddir: string }).lnddir;
    expect(existsSync(lnddir)).toBe(true);
    expect((await request(`${service.url}/readyz`)).status).toBe(200);
    await service.service.close();
    expect(existsSync(lnddir)).toBe(false);
  });
});
