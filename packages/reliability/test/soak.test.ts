import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, expect, it } from "vitest";
import { processUsage, runLoad, spawnHttpService, spawnLndSim, type LoadResult, type ProcessUsage, type SpawnedHttpService, type SpawnedLndSim } from "../src/index.js";

// CI runs a short soak; `npm run soak` sets 200 connections for 60 s
const connections = Number(process.env.SOAK_CONNECTIONS ?? 50);
const seconds = Number(process.env.SOAK_SECONDS ?? 15);
// long enough for V8's heap and the connection pools to reach their working size before RSS is compared
const warmupSeconds = Math.max(5, Math.round(seconds / 6));

const dir = mkdtempSync(join(tmpdir(), "wtclient-soak-"));
let sim: SpawnedLndSim | undefined;
let service: SpawnedHttpService | undefined;
afterAll(async () => {
  await service?.stop();
  sim?.kill("SIGTERM");
  await sim?.exited;
  rmSync(dir, { recursive: true, force: true });
});

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

interface AtRest extends ProcessUsage {
  /** V8 heap in use after the GC */
  readonly heapUsed: number;
}

/**
 * The service's usage at rest: once its descriptor count has stopped moving (closed client connections take a
 * moment to be reaped; a bounded wait) and after full GCs, so two readings compare live memory only (one GC
 * leaves V8's heap at whatever size the load left it; a few, apart, shrink it back to what is live).
 */
async function usageAtRest(svc: SpawnedHttpService): Promise<AtRest> {
  let last = processUsage(svc.pid);
  for (let steady = 0, tries = 0; steady < 3 && tries < 50; tries++) {
    await sleep(200);
    const now = processUsage(svc.pid);
    steady = now.fds === last.fds ? steady + 1 : 0;
    last = now;
  }
  let { heapUsed } = await svc.collectGarbage();
  for (let i = 0; i < 3; i++) {
    await sleep(300);
    ({ heapUsed } = await svc.collectGarbage());
  }
  return { ...processUsage(svc.pid), heapUsed };
}

function expectClean(name: string, r: LoadResult): void {
  expect({ run: name, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, statuses: r.statuses }).toEqual({
    run: name,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statuses: { "200": r.requests },
  });
}

it(`serves ${connections} connections for ${seconds} s without errors, growth or leaks`, { timeout: (warmupSeconds + seconds) * 1000 + 120_000 }, async () => {
  sim = await spawnLndSim({ lnddir: join(dir, "lnd") });
  const token = randomBytes(24).toString("base64url");
  const tokens = join(dir, "tokens.json");
  writeFileSync(tokens, JSON.stringify([{ id: "soak", scope: "write", sha256: createHash("sha256").update(token).digest("hex") }]));
  const macaroonHex = readFileSync(sim.adminMacaroonPath).toString("hex");
  const leaks: string[] = [];
  let logLines = 0;
  const args = ["--listen", "127.0.0.1:0", "--tokens", tokens, "--rpcserver", sim.rpcAddress, "--lnddir", sim.lnddir, "--network", "regtest"];
  service = await spawnHttpService(args, (line) => {
    logLines++;
    if (line.includes(token) || line.includes(macaroonHex.slice(0, 64))) leaks.push(`log line ${logLines}`);
  });

  const session = Buffer.from(demoKey("session/alpha/taproot"), "hex").toString("base64url");
  const load = {
    url: service.url,
    connections,
    headers: { authorization: `Bearer ${token}` },
    // two reads and one write per round, on every connection
    requests: [
      { method: "GET", path: "/v2/watchtower/client/stats" },
      { method: "GET", path: "/v2/watchtower/client" },
      { method: "POST", path: `/v2/watchtower/client/sessions/terminate/${session}` },
    ],
  } as const;
  const idle = await usageAtRest(service);
  expectClean("warm-up", await runLoad({ ...load, seconds: warmupSeconds }));
  const before = await usageAtRest(service);
  const result = await runLoad({ ...load, seconds });
  const after = await usageAtRest(service);

  console.log(
    `soak: ${result.requests} requests, p99 ${result.p99Ms} ms, rss ${mib(before.rssBytes)} -> ${mib(after.rssBytes)} MiB, fds ${before.fds} -> ${after.fds}` +
      ` (${connections} connections, ${seconds} s after ${warmupSeconds} s warm-up; p50 ${result.p50Ms} ms; RSS and heap after full GCs:` +
      ` heap ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} MiB; idle before the warm-up: rss ${mib(idle.rssBytes)} MiB, ${idle.fds} fds, ${idle.sockets} sockets; sockets ${before.sockets} -> ${after.sockets})`,
  );
  expectClean("soak", result);
  expect(result.requests).toBeGreaterThan(0);
  expect(after.rssBytes).toBeLessThan(before.rssBytes * 1.1);
  expect(after.heapUsed).toBeLessThan(before.heapUsed * 1.1);
  // the same listener, the same one HTTP/2 connection to lnd, stdio: client connections are all gone again
  expect(after.fds).toBeLessThanOrEqual(before.fds + 2);
  expect(after.sockets).toBeLessThanOrEqual(idle.sockets + 2);
  expect(leaks).toEqual([]);
  expect(logLines).toBeGreaterThan(result.requests);
});
