// `npm run bench`: build, start the lnd double in its own process, run every comparison (interleaved in
// rounds), print one table, write bench/latest.json and append a dated copy to bench/RESULTS.md.
// Bounded: fixed call counts and durations, about 4-6 minutes on a 2-core VM.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const startedAt = new Date();
const t0 = performance.now();
const say = (text) => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${text}`);

// the counts and durations of every measurement: change them here only
const plan = {
  library: { warmup: 200, sequential: 2000, concurrent: 2000, inFlight: 64, rounds: 8 },
  cli: { runs: 20 },
  http: { seconds: 5, rounds: 3, warmupSeconds: 3, connections: 32 },
  // wtclient-http in front of a real lnd (WTCLIENT_LND_DIR), TLS on both sides
  httpLnd: { seconds: 6, rounds: 3, warmupSeconds: 3, connections: 32 },
  scale: { sizes: [10, 100, 1000], sessionsPerTower: 4, calls: 30, rounds: 3 },
};

say("building (turbo run build)");
const build = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only", "--continue"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
if (build.status !== 0) say("the build failed in part; rows that need a missing part are reported as missing");
for (const needed of ["packages/core/dist/index.js", "packages/lnd-sim/dist/index.js"]) {
  if (!existsSync(`${root}${needed}`)) {
    console.error(`bench: ${needed} is missing after the build; nothing can be measured without it`);
    process.exit(1);
  }
}

// loaded after the build: they import @wtclient/core from its dist
const { spawnJsonChild } = await import("./spawn-json-child.mjs");
const { benchLibrary } = await import("./bench-library.mjs");
const { benchCli } = await import("./bench-cli.mjs");
const { benchHttp, doubleTargets, smallSemiSpace } = await import("./bench-http.mjs");
const { benchScale } = await import("./bench-scale.mjs");
const { benchCliLnd } = await import("./bench-cli-lnd.mjs");
const { missingRow } = await import("./make-row.mjs");
const { peakRssMethod } = await import("./measure-process.mjs");
const { formatTable } = await import("./format-table.mjs");
const { writeResults } = await import("./write-results.mjs");
const simServer = new URL("./lnd-sim-server.mjs", import.meta.url).pathname;

const rows = [];
const notes = [];
/** Run one section; a failure becomes a "missing" row instead of ending the run. */
async function section(title, run) {
  say(title);
  try {
    rows.push(...(await run()));
  } catch (e) {
    say(`${title} failed: ${e.message}`);
    rows.push(missingRow(title, "-", null, e.message.split("\n")[0]));
  }
}

const demo = spawnJsonChild(simServer);
try {
  const sim = await demo.info;
  await section("library over gRPC and REST (rows 1-2)", () => benchLibrary(sim, plan.library));
  await section("CLI cold start (row 3)", () => benchCli(sim, plan.cli));
  await section("HTTP service (row 4)", async () => {
    const result = await benchHttp(sim, { label: "HTTP", tls: false, targets: doubleTargets, ...plan.http });
    notes.push(...result.notes);
    return result.rows.map((r) => ({ ...r, against: "lnd-sim" }));
  });
} finally {
  await demo.close();
}

await section("ListTowers scale (row 5)", async () => {
  const { sizes, sessionsPerTower } = plan.scale;
  const children = sizes.map((n) =>
    spawnJsonChild(simServer, ["--towers", String(n), "--sessions", String(sessionsPerTower)]),
  );
  try {
    const sims = Object.fromEntries(await Promise.all(sizes.map(async (n, i) => [n, await children[i].info])));
    const result = await benchScale(sims, plan.scale);
    notes.push(...result.notes);
    return result.rows;
  } finally {
    await Promise.all(children.map((c) => c.close()));
  }
});

// rows against a real lnd, only when one is configured (a regtest tower + client pair from WTCLIENT_LND_DIR): the
// CLI against node -e 0 and lncli (row 6), wtclient-http in front of it against lnd's own REST proxy (row 7)
const lndDir = process.env.WTCLIENT_LND_DIR;
let lndVersion;
if (lndDir !== undefined && lndDir !== "") {
  const { startLndPair } = await import("@wtclient/lnd-harness");
  say("starting a real lnd pair from WTCLIENT_LND_DIR");
  const pair = await startLndPair({ lndDir }).catch((e) => e);
  if (pair instanceof Error) rows.push(missingRow("real lnd pair", "-", null, pair.message.split("\n")[0]));
  else {
    try {
      lndVersion = (await pair.lncli(pair.client, ["--version"])).stdout.trim().replace(/^lncli version /, "");
      await section("CLI cold start against a real lnd (row 6)", async () =>
        (await benchCliLnd(pair, plan.cli)).map((r) => ({ ...r, against: `lnd ${lndVersion}` })),
      );
      await section("HTTP service vs lnd's REST proxy, real lnd (row 7)", async () => {
        const listing = JSON.parse(
          (await pair.lncli(pair.client, ["wtclient", "towers", "--include_sessions"])).stdout,
        );
        const sessionId = listing.towers.flatMap((t) => t.session_info.flatMap((i) => i.sessions.map((s) => s.id)))[0];
        if (sessionId === undefined) throw new Error("the lnd client holds no session to terminate");
        const result = await benchHttp(
          { ...pair.client, sessionId },
          { label: "HTTP, real lnd", tls: true, ...plan.httpLnd },
        );
        notes.push(...result.notes);
        return result.rows.map((r) => ({ ...r, against: `lnd ${lndVersion}` }));
      });
    } finally {
      await pair.close();
    }
  }
} else {
  notes.push(
    "Rows 6 and 7 (the CLI and wtclient-http against a real lnd) need WTCLIENT_LND_DIR=<a folder holding lnd and lncli>; not run.",
  );
}

const elapsedSeconds = (performance.now() - t0) / 1000;
notes.push(
  `Library rows: ${plan.library.sequential} sequential calls and ${plan.library.concurrent} calls with ${plan.library.inFlight} in flight per client, in ${plan.library.rounds} interleaved rounds after ${plan.library.warmup} warm-up calls; the library with its defaults (a 60 s time-before caveat like lncli's, renewed every 15 s).`,
  `CLI rows: ${plan.cli.runs} runs of each command, interleaved, medians; wall time from spawn to exit; peak RSS: ${peakRssMethod}.`,
  `HTTP rows (row 4): autocannon, ${plan.http.connections} connections, ${plan.http.rounds} interleaved rounds of ${plan.http.seconds} s per side and route, after ${plan.http.warmupSeconds} s warm-up each; medians of the rounds. wtclient-http listens on plain HTTP on loopback (its default) and talks gRPC to the double; the baseline goes straight to the double's REST over TLS.`,
  `HTTP rows against a real lnd (row 7): the same with ${plan.httpLnd.rounds} rounds of ${plan.httpLnd.seconds} s; wtclient-http listens on TLS (a self-signed cert) with a bearer token and talks gRPC to lnd; the baseline is lnd's own REST proxy (TLS, Grpc-Metadata-macaroon). Every request reaches lnd (the service caches nothing). lnd, wtclient-http and autocannon share the machine's cores.`,
  `Scale rows: baseline = the ${plan.scale.sizes[0]}-tower median x10^k (linear growth), so a ratio above 1 means worse than linear; ${plan.scale.calls} calls per size and transport in ${plan.scale.rounds} interleaved rounds.`,
);
// why rows fall short, from the profiles in bench/README.md: printed for the rows that do in this run
const shortfalls = [
  [
    "RSS",
    `with Node's defaults, V8 lets the young generation grow to 32 MiB under a high allocation rate and keeps garbage it has not collected yet (after a forced full GC only ~20 MiB of wtclient-http's heap is live); NODE_OPTIONS=${smallSemiSpace}, which the root README recommends (Memory), caps it: see the row measured with it (bench/README.md)`,
  ],
  [
    "CLI",
    "a one-shot call loads Node's TLS, HTTP/2 and crypto modules, ~315 KB of ES modules and the protobuf runtime, and builds a certificate store from Node's bundled roots to pin lnd's cert (~27 ms); node -e 0 does none of that (bench/README.md, CLI start)",
  ],
  [
    "HTTP",
    "wtclient-http spends ~0.4-0.7 ms of CPU per request (TLS writes, GC, HTTP/2 to lnd, connect) where lnd's in-process REST proxy spends ~0.1 ms, and both share the same two cores with lnd and autocannon (bench/README.md, wtclient-http vs lnd's REST proxy)",
  ],
];
for (const [prefix, why] of shortfalls) {
  const short = rows.filter(
    (r) =>
      r.pass === false &&
      (prefix === "RSS" ? r.name.includes("RSS") : r.name.startsWith(prefix) && !r.name.includes("RSS")),
  );
  if (short.length > 0) notes.push(`Why ${short.length} ${prefix} row(s) fall short: ${why}.`);
}
console.log(`\n${formatTable(rows)}\n`);
for (const n of notes) console.log(`- ${n}`);
writeResults(rows, { notes, startedAt, elapsedSeconds, lndVersion });
say(`done: bench/latest.json written, bench/RESULTS.md appended (${elapsedSeconds.toFixed(0)} s)`);
