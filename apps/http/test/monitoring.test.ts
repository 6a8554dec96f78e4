import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, describe, expect, it } from "vitest";
import {
  bearer,
  pathKey,
  request,
  startService,
  startSim,
  writeToken,
  type ServiceHandle,
  type SimHandle,
} from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";
import { missingBinary, startPrometheus } from "./prometheus-process.js";
import { lndDirFromEnv, lndSkipMessage, startLndPair } from "@wtclient/lnd-harness";
import { flagsOfSim } from "../src/start-sim-lnd.js";
import { parsePromText } from "./prom-text.js";
import { metricNamesOf } from "./promql-metric-names.js";

const deploy = (p: string) => fileURLToPath(new URL(`../../../deploy/${p}`, import.meta.url));
const rulesFile = deploy("prometheus/wtclient-rules.yml");
const rulesTestFile = deploy("prometheus/wtclient-rules.test.yml");
const dashboardFile = deploy("grafana/wtclient.json");

const noPromtool = missingBinary("promtool");
const noPrometheus = missingBinary("prometheus");
if (noPromtool !== undefined) console.warn(`monitoring: ${noPromtool}`);
else if (noPrometheus !== undefined) console.warn(`monitoring: ${noPrometheus}`);

function promtool(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile("promtool", args, { encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, out: stdout + stderr }),
    ),
  );
}

interface Dashboard {
  panels: { title: string; type: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

/** Every PromQL expression of the dashboard: panel queries and the query variables' label_values(). */
function dashboardQueries(): { where: string; expr: string }[] {
  const d = JSON.parse(readFileSync(dashboardFile, "utf8")) as Dashboard;
  const panels = d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr })));
  const variables = d.templating.list
    .filter((v) => v.type === "query")
    .map((v) => ({
      where: `variable $${v.name}`,
      expr: /^label_values\((\w+)/.exec(v.definition ?? "")?.[1] ?? `missing label_values in ${v.name}`,
    }));
  return [...panels, ...variables];
}

function ruleExpressions(): { where: string; expr: string }[] {
  const text = readFileSync(rulesFile, "utf8");
  // the rule file's expressions, single-line or block (`expr: |`); the YAML itself is checked by promtool
  const out: { where: string; expr: string }[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (m === null) return;
    let expr = m[2]!;
    if (expr === "|") {
      const body: string[] = [];
      for (let j = i + 1; j < lines.length && (lines[j]!.startsWith(`${m[1]}  `) || lines[j] === ""); j++)
        body.push(lines[j]!);
      expr = body.join("\n");
    }
    out.push({ where: `rule at line ${i + 1}`, expr });
  });
  return out;
}

describe.skipIf(noPromtool !== undefined)("deploy/prometheus: alert rules", { timeout: 120_000 }, () => {
  it("promtool check rules accepts the rule file", async () => {
    const r = await promtool("check", "rules", rulesFile);
    expect(r.out).toContain("SUCCESS: 7 rules found");
    expect(r.code).toBe(0);
  });

  it("promtool test rules passes the rules' unit tests", async () => {
    const r = await promtool("test", "rules", rulesTestFile);
    expect(r.out).toContain("SUCCESS");
    expect(r.code).toBe(0);
  });
});

describe(
  "deploy/: every metric the dashboard and the rules query is one wtclient-http exports",
  { timeout: 120_000 },
  () => {
    let lnd: SimHandle;
    let service: ServiceHandle;
    afterAll(async () => {
      await service?.[Symbol.asyncDispose]();
      await lnd?.[Symbol.asyncDispose]();
      expectNoSecrets([writeToken.token, lnd.adminHex]);
    }, 60_000);

    it("checks each query's metric names against a real scrape of the service in front of the double", async () => {
      lnd = await startSim();
      service = await startService({ lnd: lnd.flags });
      // one RPC, so the lnd latency histogram has series
      expect(
        (await request(`${service.url}/v2/watchtower/client/stats`, { headers: bearer(writeToken.token) })).status,
      ).toBe(200);
      const exported = new Set(parsePromText((await request(`${service.url}/metrics`)).text).map((s) => s.name));
      const queries = [...dashboardQueries(), ...ruleExpressions()];
      expect(queries.length).toBeGreaterThan(20);
      const unknown = queries.flatMap((q) =>
        metricNamesOf(q.expr)
          .filter((n) => !exported.has(n))
          .map((n) => `${q.where}: ${n}`),
      );
      expect(unknown).toEqual([]);
      // and the dashboard shows the watchtower state, not just the service's own metrics
      const used = new Set(dashboardQueries().flatMap((q) => metricNamesOf(q.expr)));
      for (const name of [
        "wtclient_lnd_up",
        "wtclient_client_active",
        "wtclient_towers",
        "wtclient_tower_sessions",
        "wtclient_tower_backups_pending",
        "wtclient_backups_failed_total",
      ]) {
        expect(used, name).toContain(name);
      }
    });
  },
);

const lndDir = lndDirFromEnv();
if (noPrometheus === undefined && lndDir === undefined)
  console.warn(`monitoring: real Prometheus against a real lnd skipped: ${lndSkipMessage}`);

describe.skipIf(noPrometheus !== undefined || lndDir === undefined)(
  "a real Prometheus scraping wtclient-http in front of a real lnd",
  () => {
    it(
      "sees the real client's tower and sessions, and the tower leave the active set after a deactivate",
      { timeout: 900_000 },
      async () => {
        await using pair = await startLndPair({ lndDir: lndDir! });
        await using service = await startService({ lnd: flagsOfSim(pair.client), metricsIntervalSeconds: 1 });
        await using prom = await startPrometheus(new URL(service.url).host, rulesFile);
        const value = async (expr: string): Promise<number | undefined> => {
          const r = await prom.query(expr);
          if (r.length > 1) throw new Error(`${expr}: ${r.length} series`);
          return r[0]?.value;
        };
        const tower = pair.towerPubkey;
        const activeTowers = 'wtclient_towers{job="wtclient",active_candidate="true"}';

        await prom.until("a scrape with lnd up", async () => (await value('wtclient_lnd_up{job="wtclient"}')) === 1);
        expect(await value('wtclient_client_active{job="wtclient"}')).toBe(1);
        expect(await value('wtclient_lnd_scrape_success{job="wtclient"}')).toBe(1);
        expect(await value(activeTowers)).toBe(1);
        // one session per tower client (legacy, anchor, taproot on v0.19), as the harness waited for
        for (const policy of ["legacy", "anchor", "taproot"]) {
          expect(
            await value(`wtclient_tower_sessions{tower="${tower}",policy_type="${policy}"}`),
            policy,
          ).toBeGreaterThanOrEqual(1);
        }

        const write = { method: "POST", headers: bearer(writeToken.token) };
        expect(
          (await request(`${service.url}/v2/watchtower/client/tower/deactivate/${pathKey(tower)}`, write)).status,
        ).toBe(200);
        await prom.until("no active tower", async () => (await value(activeTowers)) === 0);
        expect(await value(`wtclient_tower_active_candidate{tower="${tower}",policy_type="anchor"}`)).toBe(0);
      },
    );
  },
);

describe.skipIf(noPrometheus !== undefined)("a real Prometheus scraping wtclient-http in front of lnd-sim", () => {
  it(
    "sees the series, and sees them change after a terminate and deactivations, and lnd going down",
    { timeout: 600_000 },
    async () => {
      await using lnd = await startSim();
      await using service = await startService({ lnd: lnd.flags, metricsIntervalSeconds: 1 });
      await using prom = await startPrometheus(new URL(service.url).host, rulesFile);
      const value = async (expr: string): Promise<number | undefined> => {
        const r = await prom.query(expr);
        if (r.length > 1) throw new Error(`${expr}: ${r.length} series`);
        return r[0]?.value;
      };
      const alpha = demoKey("tower/alpha");
      const beta = demoKey("tower/beta");
      const pendingAlpha = `wtclient_tower_backups_pending{job="wtclient",tower="${alpha}",policy_type="anchor"}`;
      const activeTowers = 'wtclient_towers{job="wtclient",active_candidate="true"}';

      await prom.until("the rules to load and be evaluated", async () => {
        const rules = await prom.rules();
        return rules.length === 7 && rules.every((r) => r.health === "ok");
      });
      await prom.until("a scrape with lnd up", async () => (await value('wtclient_lnd_up{job="wtclient"}')) === 1);
      expect(await value(activeTowers)).toBe(2);
      expect(await value(pendingAlpha)).toBe(2);
      expect(await value(`wtclient_tower_sessions{tower="${alpha}",policy_type="anchor"}`)).toBe(2);
      expect(await value('wtclient_client_active{job="wtclient"}')).toBe(1);
      expect(await value('wtclient_lnd_scrape_success{job="wtclient"}')).toBe(1);

      // terminating the session hands its un-acked updates back: the tower's pending count drains
      const write = { method: "POST", headers: bearer(writeToken.token) };
      const terminate = await request(
        `${service.url}/v2/watchtower/client/sessions/terminate/${pathKey(demoKey("session/alpha/anchor"))}`,
        write,
      );
      expect(terminate.status).toBe(200);
      await prom.until("the pending backups of alpha to drain", async () => (await value(pendingAlpha)) === 0);
      expect(
        (await request(`${service.url}/v2/watchtower/client/tower/deactivate/${pathKey(alpha)}`, write)).status,
      ).toBe(200);
      await prom.until("one active tower", async () => (await value(activeTowers)) === 1);
      expect(await value(`wtclient_tower_active_candidate{tower="${alpha}",policy_type="legacy"}`)).toBe(0);

      // the last active tower goes: the no-active-tower alert becomes pending
      expect(
        (await request(`${service.url}/v2/watchtower/client/tower/deactivate/${pathKey(beta)}`, write)).status,
      ).toBe(200);
      await prom.until("no active tower", async () => (await value(activeTowers)) === 0);
      await prom.until("WtclientNoActiveTower to be pending", async () =>
        (await prom.alerts()).some((a) => a.labels.alertname === "WtclientNoActiveTower" && a.state === "pending"),
      );

      // lnd down: the scrape still succeeds (up=1), with wtclient_lnd_up=0 and no stale tower series
      await lnd.sim.setFaults({ refuseConnections: true });
      await prom.until("lnd to be seen down", async () => (await value('wtclient_lnd_up{job="wtclient"}')) === 0);
      expect(await value('up{job="wtclient"}')).toBe(1);
      expect(await value('wtclient_lnd_scrape_success{job="wtclient"}')).toBe(0);
      await prom.until(
        "the tower series to go stale",
        async () => (await prom.query('wtclient_tower_sessions{job="wtclient"}')).length === 0,
      );
    },
  );
});
