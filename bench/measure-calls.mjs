import { median } from "./stats.mjs";

/**
 * Latency and throughput of competing clients, interleaved in rounds so that drift (a noisy neighbour,
 * GC, the double warming up) hits every client alike; the order flips every round (A B, B A, ...).
 * `variants` maps a name to `call()`, one request. Returns per name: median latency in ms of
 * `sequential` calls in total, and calls per second with `inFlight` calls outstanding.
 */
export async function measureCalls(
  variants,
  { warmup = 200, sequential = 2000, concurrent = 3000, inFlight = 64, rounds = 8 },
) {
  const names = Object.keys(variants);
  const latencies = Object.fromEntries(names.map((n) => [n, []]));
  const busy = Object.fromEntries(names.map((n) => [n, { calls: 0, ms: 0 }]));
  for (const name of names) await runConcurrent(variants[name], warmup, 16);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const call = variants[name];
      for (let i = 0; i < Math.round(sequential / rounds); i++) {
        const t0 = performance.now();
        await call();
        latencies[name].push(performance.now() - t0);
      }
      const calls = Math.round(concurrent / rounds);
      busy[name].ms += await runConcurrent(call, calls, inFlight);
      busy[name].calls += calls;
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { medianMs: median(latencies[n]), callsPerSecond: (busy[n].calls * 1000) / busy[n].ms }]),
  );
}

/** `total` calls with `inFlight` outstanding at any moment; returns the elapsed ms. */
async function runConcurrent(call, total, inFlight) {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return performance.now() - t0;
}
