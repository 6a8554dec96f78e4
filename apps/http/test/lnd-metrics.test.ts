import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, describe, expect, it } from "vitest";
import { bearer, readToken, request, startService, startSim, writeToken } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";
import { parsePromText, valueOf } from "./prom-text.js";

const secrets: string[] = [readToken.token, writeToken.token];
const alpha = demoKey("tower/alpha");
const gamma = demoKey("tower/gamma");

async function scrape(url: string) {
  const res = await request(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePromText(res.text);
}

// several services and doubles per test: generous on a loaded machine
const slow = { timeout: 180_000 };

describe("lnd's watchtower metrics on /metrics", slow, () => {
  afterAll(() => expectNoSecrets(secrets));

  it("reads towers, sessions, backups, Stats and Policy from lnd at scrape time, beside the service's own metrics", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags, metricsIntervalSeconds: 0 });
    const s = await scrape(service.url);
    expect(valueOf(s, "wtclient_lnd_up")).toBe(1);
    expect(valueOf(s, "wtclient_lnd_scrape_success")).toBe(1);
    expect(valueOf(s, "wtclient_lnd_scrape_duration_seconds")).toBeGreaterThan(0);
    expect(valueOf(s, "wtclient_client_active")).toBe(1);
    expect(valueOf(s, "wtclient_towers", { active_candidate: "true" })).toBe(2);
    expect(valueOf(s, "wtclient_towers", { active_candidate: "false" })).toBe(1);
    const anchor = { tower: alpha, policy_type: "anchor" };
    expect(valueOf(s, "wtclient_tower_active_candidate", anchor)).toBe(1);
    expect(valueOf(s, "wtclient_tower_sessions", anchor)).toBe(2);
    expect(valueOf(s, "wtclient_tower_sessions_exhausted", anchor)).toBe(1);
    expect(valueOf(s, "wtclient_tower_backups", anchor)).toBe(1024 + 17);
    expect(valueOf(s, "wtclient_tower_backups_pending", anchor)).toBe(2);
    expect(valueOf(s, "wtclient_tower_backups_max", anchor)).toBe(2048);
    expect(valueOf(s, "wtclient_tower_active_candidate", { tower: gamma, policy_type: "anchor" })).toBe(0);
    expect(valueOf(s, "wtclient_policy_max_updates", { policy_type: "taproot" })).toBe(1024);
    expect(valueOf(s, "wtclient_policy_sweep_sat_per_vbyte", { policy_type: "legacy" })).toBe(10);
    expect(valueOf(s, "wtclient_backups_failed_total")).toBe(0);
    // per tower and policy type only: no session id ever becomes a label
    const towerSeries = s.filter((x) => x.name.startsWith("wtclient_tower_"));
    expect(towerSeries.length).toBe(6 * 3 * 3);
    for (const x of towerSeries) expect(Object.keys(x.labels).sort()).toEqual(["policy_type", "tower"]);
    // the service's own metrics and Node's process metrics are still there
    expect(s.some((x) => x.name === "wtclient_http_requests_in_flight")).toBe(true);
    expect(s.some((x) => x.name === "process_cpu_seconds_total")).toBe(true);
    expect(s.some((x) => x.name === "nodejs_heap_size_used_bytes")).toBe(true);

    // a change in lnd shows in the next collection
    lnd.sim.model.deactivateTower(alpha);
    const after = await scrape(service.url);
    expect(valueOf(after, "wtclient_towers", { active_candidate: "true" })).toBe(1);
    expect(valueOf(after, "wtclient_tower_active_candidate", anchor)).toBe(0);
  });

  it("answers 200 with up=0 and scrape_success=0 and no stale series while lnd is down, and recovers", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags, metricsIntervalSeconds: 0 });
    expect(valueOf(await scrape(service.url), "wtclient_lnd_up")).toBe(1);
    await lnd.sim.setFaults({ refuseConnections: true });
    const down = await scrape(service.url);
    expect(valueOf(down, "wtclient_lnd_up")).toBe(0);
    expect(valueOf(down, "wtclient_lnd_scrape_success")).toBe(0);
    expect(down.filter((x) => /^wtclient_(client|tower|towers|backups|sessions|policy)(_|$)/.test(x.name))).toEqual([]);
    expect(down.some((x) => x.name === "wtclient_http_requests_total")).toBe(true);
    expect(
      service.log.records().filter((r) => typeof r.msg === "string" && r.msg.startsWith("metrics: cannot read")),
    ).toHaveLength(1);
    // the same failure again: no second log line
    await scrape(service.url);
    expect(
      service.log.records().filter((r) => typeof r.msg === "string" && r.msg.startsWith("metrics: cannot read")),
    ).toHaveLength(1);
    await lnd.sim.setFaults({ refuseConnections: false });
    const back = await scrape(service.url);
    expect(valueOf(back, "wtclient_lnd_up")).toBe(1);
    expect(valueOf(back, "wtclient_lnd_scrape_success")).toBe(1);
    expect(service.log.records().some((r) => r.msg === "metrics: lnd's watchtower client answers again")).toBe(true);
  });

  it("shows client_active=0 with lnd up when the watchtower client is off, and up=0 when lnd is too slow", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags, metricsIntervalSeconds: 0 });
    await lnd.sim.setFaults({ active: false });
    const inactive = await scrape(service.url);
    expect(valueOf(inactive, "wtclient_lnd_up")).toBe(1);
    expect(valueOf(inactive, "wtclient_client_active")).toBe(0);
    expect(valueOf(inactive, "wtclient_lnd_scrape_success")).toBe(0);
    expect(valueOf(inactive, "wtclient_towers", { active_candidate: "true" })).toBeUndefined();
    await lnd.sim.setFaults({ active: true, latencyMs: 3000 });
    await using impatient = await startService({
      lnd: lnd.flags,
      metricsIntervalSeconds: 0,
      metricsTimeoutSeconds: 0.5,
    });
    const slow = await scrape(impatient.url);
    expect(valueOf(slow, "wtclient_lnd_up")).toBe(0);
    expect(valueOf(slow, "wtclient_lnd_scrape_success")).toBe(0);
  });

  it("asks lnd at most once per interval: concurrent scrapes share one collection, a later one within the interval reuses it", async () => {
    await using lnd = await startSim();
    await using shared = await startService({ lnd: lnd.flags, metricsIntervalSeconds: 0 });
    await lnd.sim.setFaults({ latencyMs: 300 });
    const [a, b] = await Promise.all([scrape(shared.url), scrape(shared.url)]);
    // one collection measured once: both scrapes carry the very same duration
    expect(valueOf(a, "wtclient_lnd_scrape_duration_seconds")).toBe(valueOf(b, "wtclient_lnd_scrape_duration_seconds"));
    await lnd.sim.setFaults({ latencyMs: 0 });

    await using reused = await startService({ lnd: lnd.flags, metricsIntervalSeconds: 3600 });
    const first = await scrape(reused.url);
    lnd.sim.model.deactivateTower(alpha);
    const second = await scrape(reused.url);
    expect(valueOf(second, "wtclient_towers", { active_candidate: "true" })).toBe(
      valueOf(first, "wtclient_towers", { active_candidate: "true" }),
    );
    expect(valueOf(second, "wtclient_lnd_scrape_duration_seconds")).toBe(
      valueOf(first, "wtclient_lnd_scrape_duration_seconds"),
    );
  });

  it("--metrics-only serves /metrics and /healthz and no RPC surface", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags, metricsOnly: true, metricsIntervalSeconds: 0 });
    expect(valueOf(await scrape(service.url), "wtclient_lnd_up")).toBe(1);
    expect((await request(`${service.url}/healthz`)).status).toBe(200);
    for (const path of [
      "/v2/watchtower/client/stats",
      "/openapi.json",
      "/v1/doctor",
      "/readyz",
      "/wtclientrpc.WatchtowerClient/Stats",
    ]) {
      expect((await request(`${service.url}${path}`, { headers: bearer(writeToken.token) })).status, path).toBe(404);
    }
  });
});

describe("GET /v1/doctor", slow, () => {
  afterAll(() => expectNoSecrets(secrets));

  it("gives a read token core's diagnosis as JSON, healthy or not, and refuses callers without credentials", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex, lnd.invoiceHex);
    await using service = await startService({ lnd: lnd.flags, passthroughMacaroon: true });
    const ok = await request(`${service.url}/v1/doctor`, { headers: bearer(readToken.token) });
    expect(ok.status).toBe(200);
    const body = ok.json as {
      healthy: boolean;
      transport: string;
      lnd: string;
      checks: { id: string; verdict: string }[];
    };
    expect(body).toMatchObject({ healthy: true, transport: "grpc", lnd: lnd.sim.rpcAddress });
    expect(body.checks.map((c) => c.id)).toEqual([
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
    ]);

    const none = await request(`${service.url}/v1/doctor`);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ code: 16 });

    await lnd.sim.setFaults({ active: false });
    const inactive = await request(`${service.url}/v1/doctor`, { headers: bearer(readToken.token) });
    expect(inactive.status).toBe(200);
    expect(inactive.json).toMatchObject({
      healthy: false,
      checks: expect.arrayContaining([expect.objectContaining({ id: "client-active", verdict: "fail" })]),
    });
    await lnd.sim.setFaults({ active: true });

    // a pass-through caller is judged by its own macaroon
    const invoice = await request(`${service.url}/v1/doctor`, {
      headers: { "grpc-metadata-macaroon": lnd.invoiceHex },
    });
    expect(invoice.status).toBe(200);
    expect(invoice.json).toMatchObject({
      healthy: false,
      checks: expect.arrayContaining([
        expect.objectContaining({
          id: "macaroon",
          verdict: "fail",
          summary: expect.stringMatching(/lacks offchain:read$/),
        }),
      ]),
    });
    expect(invoice.text).not.toContain(lnd.invoiceHex.slice(0, 32));
    expect(service.log.records().some((r) => r.route === "/v1/doctor" && r.surface === "service")).toBe(true);
  });
});
