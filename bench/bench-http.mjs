import { fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import { makeRow, missingRow } from "./make-row.mjs";

const httpEntry = new URL("../apps/http/dist/index.js", import.meta.url).pathname;
const serverScript = new URL("./http-service-server.mjs", import.meta.url).pathname;

/** wtclient-http in its own process; resolves once it listens. */
function startServiceChild(config) {
  const child = fork(serverScript, [JSON.stringify(config)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const ask = (message, key) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => m[key] !== undefined && (child.off("message", onMessage), resolve(m[key]));
      child.on("message", onMessage);
      child.once("exit", (code) => reject(new Error(`wtclient-http exited with ${code}: ${stderr.split("\n")[0]}`)));
      if (message !== undefined) child.send(message);
    });
  return {
    url: ask(undefined, "url"),
    rss: () => ask("rss", "rss"),
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

// per endpoint: throughput, p50 and p99; the p50 bound is the throughput bound inverted, p99 is only reported
const measures = [
  { key: "rps", unit: "req/s", target: ">= 0.8" },
  { key: "p50", unit: "ms", target: "<= 1.25" },
  { key: "p99", unit: "ms", target: null },
];

/** One autocannon run; fails loudly on any non-2xx answer or error, which would make the numbers meaningless. */
async function cannon(target, seconds, connections) {
  const r = await autocannon({ ...target, connections, duration: seconds });
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad > 0) throw new Error(`${target.method} ${target.url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/**
 * Row 4: autocannon through wtclient-http (bearer token, the service's own macaroon, gRPC to lnd)
 * against straight to the double's REST (macaroon header), for a GET and a POST; interleaved in
 * rounds. Then wtclient-http's RSS after the run against after the warm-up.
 */
export async function benchHttp(sim, { seconds, rounds, warmupSeconds, connections }) {
  const endpoints = {
    "GET stats": { method: "GET", path: "/v2/watchtower/client/stats" },
    "POST terminate": { method: "POST", path: `/v2/watchtower/client/sessions/terminate/${Buffer.from(sim.sessionId, "hex").toString("base64url")}` },
  };
  const names = (e) => [`HTTP ${e} throughput, ${connections} connections`, `HTTP ${e} p50 latency`, `HTTP ${e} p99 latency`];
  const rssName = "wtclient-http RSS after the run (vs after warm-up)";
  if (!existsSync(httpEntry)) {
    const reason = "apps/http/dist/index.js was not built";
    return [
      ...Object.keys(endpoints).flatMap((e) => names(e).map((n, i) => missingRow(n, measures[i].unit, measures[i].target, reason))),
      missingRow(rssName, "MiB", "< 1.1", reason),
    ];
  }
  const token = randomBytes(24).toString("base64url");
  const service = startServiceChild({
    listen: "127.0.0.1:0",
    lnd: { lnddir: sim.lnddir, network: "regtest", rpcserver: sim.rpcAddress, restserver: sim.restAddress },
    tokens: [{ id: "bench", scope: "write", sha256: createHash("sha256").update(token).digest("hex") }],
  });
  try {
    const url = await service.url;
    const direct = { headers: { "grpc-metadata-macaroon": readFileSync(sim.macaroonPaths.admin).toString("hex") } };
    // the double's cert is self-signed; autocannon does not verify certificates in any case
    const targets = (e) => ({
      baseline: { url: `https://${sim.restAddress}${endpoints[e].path}`, method: endpoints[e].method, ...direct },
      wtclient: { url: `${url}${endpoints[e].path}`, method: endpoints[e].method, headers: { authorization: `Bearer ${token}` } },
    });
    for (const e of Object.keys(endpoints)) for (const t of Object.values(targets(e))) await cannon(t, warmupSeconds, connections);
    const rssWarm = await service.rss();
    const rows = [];
    for (const e of Object.keys(endpoints)) {
      const runs = { baseline: [], wtclient: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ["baseline", "wtclient"] : ["wtclient", "baseline"];
        for (const side of order) runs[side].push(await cannon(targets(e)[side], seconds, connections));
      }
      const mean = (side, key) => runs[side].reduce((s, r) => s + r[key], 0) / runs[side].length;
      const rowNames = names(e);
      rows.push(...measures.map((m, i) => makeRow(rowNames[i], m.unit, mean("baseline", m.key), mean("wtclient", m.key), m.target)));
    }
    const mib = 1024 * 1024;
    rows.push(makeRow(rssName, "MiB", rssWarm / mib, (await service.rss()) / mib, "< 1.1"));
    return rows;
  } finally {
    await service.close();
  }
}
