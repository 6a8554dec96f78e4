import { fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import { makeRow, missingRow } from "./make-row.mjs";
import { median } from "./stats.mjs";

const httpEntry = new URL("../apps/http/dist/index.js", import.meta.url).pathname;
const serverScript = new URL("./http-service-server.mjs", import.meta.url).pathname;
const mib = 1024 * 1024;

/** The V8 option the root README ("Memory") recommends for wtclient-http: it caps the young generation at 2 MiB. */
export const smallSemiSpace = "--max-semi-space-size=2";

/** wtclient-http in its own process (with Node options `execArgv`); resolves once it listens. */
function startServiceChild(config, execArgv = []) {
  const child = fork(serverScript, [JSON.stringify(config)], { execArgv, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const died = exited.then((code) => {
    throw new Error(`wtclient-http exited with ${code}: ${stderr.split("\n")[0]}`);
  });
  died.catch(() => undefined);
  const ask = (message, key) => {
    let onMessage;
    const answer = new Promise((resolve) => {
      onMessage = (m) => m[key] !== undefined && (child.off("message", onMessage), resolve(m[key]));
      child.on("message", onMessage);
      if (message !== undefined) child.send(message);
    });
    return Promise.race([answer, died]).finally(() => child.off("message", onMessage));
  };
  return {
    url: ask(undefined, "url"),
    rss: () => ask("rss", "rss"),
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

/** One autocannon run; fails loudly on any non-2xx answer or error, which would make the numbers meaningless. */
async function cannon(target, seconds, connections) {
  const r = await autocannon({ ...target, connections, duration: seconds });
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad > 0)
    throw new Error(`${target.method} ${target.url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/** `run()` while sampling the service's RSS every 250 ms: run's result and the largest sample. */
async function withRssPeak(service, run) {
  let peak = await service.rss();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await service.rss());
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    return { result: await run(), peak: () => peak };
  } finally {
    sampling = false;
    await sampler;
  }
}

/** The routes measured, for a session id (hex) that lnd answers success for again and again. */
function endpointsOf(sessionId) {
  return {
    "GET stats": { method: "GET", path: "/v2/watchtower/client/stats" },
    "GET towers": { method: "GET", path: "/v2/watchtower/client?include_sessions=true" },
    "POST terminate": {
      method: "POST",
      path: `/v2/watchtower/client/sessions/terminate/${Buffer.from(sessionId, "hex").toString("base64url")}`,
    },
  };
}

/** Issue #15's targets against lnd's own REST proxy; the double (which answers from memory) keeps looser ones. */
export const realLndTargets = { rps: ">= 1.0", p50: "<= 1.0", p99: "<= 1.0" };
export const doubleTargets = { rps: ">= 0.8", p50: "<= 1.25", p99: null };

const spreadOf = (values) => (Math.max(...values) - Math.min(...values)) / median(values);

/**
 * wtclient-http (bearer token, the service's own macaroon, gRPC to lnd; TLS when `tls`) against
 * straight to lnd's REST (TLS, `Grpc-Metadata-macaroon`), with autocannon, for three routes,
 * interleaved in rounds; medians of the rounds. `lnd` is {lnddir, rpcAddress, restAddress,
 * tlsCertPath, macaroonPaths, sessionId}; `label` prefixes every row ("HTTP" for the double,
 * "HTTP, real lnd" for lnd). Returns the rows (against `targets`; peak RSS under load < 150 MiB) and
 * notes with each round's numbers and the spread between rounds.
 */
export async function benchHttp(
  lnd,
  { label, tls, seconds, rounds, warmupSeconds, connections, workers = 1, targets: bounds = realLndTargets },
) {
  const endpoints = endpointsOf(lnd.sessionId);
  const names = (e) => [
    `${label} ${e} throughput, ${connections} connections`,
    `${label} ${e} p50 latency`,
    `${label} ${e} p99 latency`,
  ];
  const measures = [
    { key: "rps", unit: "req/s", target: bounds.rps },
    { key: "p50", unit: "ms", target: bounds.p50 },
    { key: "p99", unit: "ms", target: bounds.p99 },
  ];
  const rssName = `${label}: wtclient-http peak RSS under load (MiB, baseline 150)`;
  if (!existsSync(httpEntry)) {
    const reason = "apps/http/dist/index.js was not built";
    return {
      rows: [
        ...Object.keys(endpoints).flatMap((e) =>
          names(e).map((n, i) => missingRow(n, measures[i].unit, measures[i].target, reason)),
        ),
        missingRow(rssName, "MiB", "< 1.0", reason),
      ],
      notes: [],
    };
  }
  const token = randomBytes(24).toString("base64url");
  const config = {
    listen: "127.0.0.1:0",
    ...(tls ? { tlsSelfSigned: true } : {}),
    ...(workers > 1 ? { workers } : {}),
    lnd: {
      network: "regtest",
      lnddir: lnd.lnddir,
      rpcserver: lnd.rpcAddress,
      restserver: lnd.restAddress,
      tlscertpath: lnd.tlsCertPath,
      macaroonpath: lnd.macaroonPaths.admin,
    },
    tokens: [{ id: "bench", scope: "write", sha256: createHash("sha256").update(token).digest("hex") }],
  };
  const service = startServiceChild(config);
  try {
    const url = await service.url;
    const direct = { headers: { "grpc-metadata-macaroon": readFileSync(lnd.macaroonPaths.admin).toString("hex") } };
    // lnd's cert and the service's are self-signed; autocannon does not verify certificates in any case
    const targets = (e) => ({
      baseline: { url: `https://${lnd.restAddress}${endpoints[e].path}`, method: endpoints[e].method, ...direct },
      wtclient: {
        url: `${url}${endpoints[e].path}`,
        method: endpoints[e].method,
        headers: { authorization: `Bearer ${token}` },
      },
    });
    for (const e of Object.keys(endpoints))
      for (const t of Object.values(targets(e))) await cannon(t, warmupSeconds, connections);
    const rows = [];
    const notes = [];
    let rssPeak = 0;
    for (const e of Object.keys(endpoints)) {
      const runs = { baseline: [], wtclient: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ["baseline", "wtclient"] : ["wtclient", "baseline"];
        for (const side of order) {
          if (side === "baseline") runs.baseline.push(await cannon(targets(e).baseline, seconds, connections));
          else {
            const { result, peak } = await withRssPeak(service, () =>
              cannon(targets(e).wtclient, seconds, connections),
            );
            runs.wtclient.push(result);
            rssPeak = Math.max(rssPeak, peak());
          }
        }
      }
      const med = (side, key) => median(runs[side].map((r) => r[key]));
      const rowNames = names(e);
      rows.push(
        ...measures.map((m, i) =>
          makeRow(rowNames[i], m.unit, med("baseline", m.key), med("wtclient", m.key), m.target),
        ),
      );
      const show = (side) => runs[side].map((r) => `${Math.round(r.rps)} req/s p50 ${r.p50} p99 ${r.p99}`).join("; ");
      notes.push(
        `${label} ${e}, rounds: lnd ${show("baseline")}; wtclient-http ${show("wtclient")}. Spread (max-min)/median of throughput: lnd ${(100 * spreadOf(runs.baseline.map((r) => r.rps))).toFixed(0)}%, wtclient-http ${(100 * spreadOf(runs.wtclient.map((r) => r.rps))).toFixed(0)}%.`,
      );
    }
    rows.push(makeRow(rssName, "MiB", 150, rssPeak / mib, "< 1.0"));
    // the same service started as the README recommends: one run per route, its peak RSS and its throughput
    const small = startServiceChild(config, [smallSemiSpace]);
    try {
      const smallUrl = await small.url;
      let smallPeak = 0;
      const rates = [];
      for (const e of Object.keys(endpoints)) {
        const t = { ...targets(e).wtclient, url: `${smallUrl}${endpoints[e].path}` };
        await cannon(t, warmupSeconds, connections);
        const { result, peak } = await withRssPeak(small, () => cannon(t, seconds, connections));
        rates.push(`${e} ${Math.round(result.rps)} req/s`);
        smallPeak = Math.max(smallPeak, peak());
      }
      rows.push(
        makeRow(
          `${label}: wtclient-http peak RSS under load with ${smallSemiSpace} (MiB, baseline 150)`,
          "MiB",
          150,
          smallPeak / mib,
          "< 1.0",
        ),
      );
      notes.push(`${label}, wtclient-http with ${smallSemiSpace}, one run per route: ${rates.join("; ")}.`);
    } finally {
      await small.close();
    }
    return { rows, notes };
  } finally {
    await service.close();
  }
}
