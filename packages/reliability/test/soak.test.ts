import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, expect, it } from "vitest";
import {
  processUsage,
  runLoad,
  spawnHttpService,
  spawnLndSim,
  type LoadResult,
  type ProcessUsage,
  type SpawnedHttpService,
  type SpawnedLndSim,
} from "../src/index.js";

// CI runs a short soak; `npm run soak` sets 200 connections for 60 s
const connections = Number(process.env.SOAK_CONNECTIONS ?? 50);
const seconds = Number(process.env.SOAK_SECONDS ?? 15);
// the warm-up lasts until the service has answered this many requests (in 5 s rounds, at most 12), so its JIT code,
// connection pools and allocator have reached their working size before RSS is compared, however slow the machine:
// in the figures below RSS was still growing after 350 answers and flat from about 1,500 on
const warmupRequests = 2000;
const warmupRounds = 12;

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
  /** the service's process.memoryUsage() after the GCs */
  readonly memory: NodeJS.MemoryUsage;
}

/**
 * The service's usage at rest: once its descriptor count has stopped moving (closed client connections take a
 * moment to be reaped; a bounded wait) and after last-resort GCs, so two readings compare live memory only (one GC
 * leaves V8's heap at whatever size the load left it; a few, apart, shrink it back to what is live).
 *
 * Why last-resort: after a plain gc(), RSS on Node 24 kept climbing under load while every heap figure stayed flat.
 * What grew was V8's pool of young-generation pages: 342 resident 256 KiB mappings (57 MiB) beyond heapTotal, kept
 * for reuse at the next burst and still there after 30 s idle; glibc's arenas stayed at 19 MiB, and
 * MALLOC_ARENA_MAX=1 changed nothing. A last-resort GC (what V8 runs before it gives up on memory) unmaps them.
 * Not a leak, so the 10% bound stands, on what a process under memory pressure keeps. The service at rest, idle
 * then after each 10 s round of this load (50 connections), MiB (2 shared cores; Node 22.23.5, 24.22.3):
 *   Node 24, plain gc():   RSS 93 -> 122, 145, 159, 163, 166, 169; heapUsed 16-18, heapTotal 20-24, external 4.3
 *   Node 24, last-resort:  RSS 81 -> 86, 91, 93, 90, 90; heapUsed 14-16, heapTotal 17-19, external 4.3
 *   Node 22, plain gc():   RSS 90 -> 117, 119, 120, 122, 125; heapTotal 52-54 (its 32 MiB new space stays committed)
 *   Node 22, last-resort:  RSS 79 -> 83, 83, 84, 84, 84; heapUsed 13-16, heapTotal 16-18
 *   Node 20, plain gc():   RSS 79 -> 98, 107, 107, 109, 107, 108; heapUsed 14-16, heapTotal 33-52 (as on 22)
 * RSS grows over the first ~1,500 answers on every version (JIT code, pools), hence the warm-up by answers. This
 * test then (CI's 50 connections for 15 s): Node 20 109.1 -> 110.7, Node 22 85.5 -> 86.7, Node 24 96.1 -> 97.2.
 */
async function usageAtRest(svc: SpawnedHttpService): Promise<AtRest> {
  let last = processUsage(svc.pid);
  for (let steady = 0, tries = 0; steady < 3 && tries < 50; tries++) {
    await sleep(200);
    const now = processUsage(svc.pid);
    steady = now.fds === last.fds ? steady + 1 : 0;
    last = now;
  }
  let memory = await svc.collectGarbage();
  for (let i = 0; i < 3; i++) {
    await sleep(300);
    memory = await svc.collectGarbage();
  }
  return { ...processUsage(svc.pid), memory };
}

function expectClean(name: string, r: LoadResult): void {
  expect({ run: name, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, statuses: r.statuses }).toEqual({
    run: name,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    // a round on a stalled machine may see no answer at all, which is slow, not unclean
    statuses: r.requests > 0 ? { "200": r.requests } : {},
  });
}

it(
  `serves ${connections} connections for ${seconds} s without errors, growth or leaks`,
  { timeout: (warmupRounds * 5 + seconds) * 1000 + 120_000 },
  async () => {
    sim = await spawnLndSim({ lnddir: join(dir, "lnd") });
    const token = randomBytes(24).toString("base64url");
    const tokens = join(dir, "tokens.json");
    writeFileSync(
      tokens,
      JSON.stringify([{ id: "soak", scope: "write", sha256: createHash("sha256").update(token).digest("hex") }]),
    );
    const macaroonHex = readFileSync(sim.adminMacaroonPath).toString("hex");
    const leaks: string[] = [];
    let logLines = 0;
    const args = [
      "--listen",
      "127.0.0.1:0",
      "--tokens",
      tokens,
      "--rpcserver",
      sim.rpcAddress,
      "--lnddir",
      sim.lnddir,
      "--network",
      "regtest",
    ];
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
    let warmup = { requests: 0, seconds: 0 };
    while (warmup.requests < warmupRequests && warmup.seconds < warmupRounds * 5) {
      const round = await runLoad({ ...load, seconds: 5 });
      expectClean("warm-up", round);
      warmup = { requests: warmup.requests + round.requests, seconds: warmup.seconds + 5 };
    }
    const before = await usageAtRest(service);
    const result = await runLoad({ ...load, seconds });
    const after = await usageAtRest(service);

    const change = (key: keyof NodeJS.MemoryUsage) => `${key} ${mib(before.memory[key])} -> ${mib(after.memory[key])}`;
    console.log(
      `soak (node ${process.version}): ${result.requests} requests, p99 ${result.p99Ms} ms, rss ${mib(before.rssBytes)} -> ${mib(after.rssBytes)} MiB, fds ${before.fds} -> ${after.fds}` +
        ` (${connections} connections, ${seconds} s after a warm-up of ${warmup.requests} requests in ${warmup.seconds} s; p50 ${result.p50Ms} ms; after last-resort GCs, MiB:` +
        ` ${(["heapUsed", "heapTotal", "external", "arrayBuffers"] as const).map(change).join(", ")};` +
        ` idle before the warm-up: rss ${mib(idle.rssBytes)} MiB, ${idle.fds} fds, ${idle.sockets} sockets; sockets ${before.sockets} -> ${after.sockets})`,
    );
    expectClean("soak", result);
    expect(result.requests).toBeGreaterThan(0);
    expect(after.rssBytes).toBeLessThan(before.rssBytes * 1.1);
    expect(after.memory.heapUsed).toBeLessThan(before.memory.heapUsed * 1.1);
    // the same listener, the same one HTTP/2 connection to lnd, stdio: client connections are all gone again
    expect(after.fds).toBeLessThanOrEqual(before.fds + 2);
    expect(after.sockets).toBeLessThanOrEqual(idle.sockets + 2);
    expect(leaks).toEqual([]);
    expect(logLines).toBeGreaterThan(result.requests);
  },
);
