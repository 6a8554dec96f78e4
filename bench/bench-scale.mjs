import { readFileSync } from "node:fs";
import { createLndGrpcTransport, createLndRestTransport, createWatchtowerClient } from "@wtclient/core";
import { makeRow } from "./make-row.mjs";
import { median } from "./stats.mjs";

/**
 * Row 5: ListTowers (include_sessions) from the library over gRPC and REST against doubles seeded with
 * `sizes` towers of 4 sessions each (one double per size, each in its own process). The baseline of a
 * size is the smallest size's latency scaled linearly (x10 per 10x towers), so the ratio is how much
 * worse than linear the growth is. Also returns the growth factor per 10x towers, for the notes.
 */
export async function benchScale(sims, { calls, rounds }) {
  const sizes = Object.keys(sims)
    .map(Number)
    .sort((a, b) => a - b);
  const clients = [];
  for (const size of sizes) {
    const sim = sims[size];
    const auth = { cert: readFileSync(sim.tlsCertPath), macaroon: readFileSync(sim.macaroonPaths.admin) };
    for (const [kind, transport] of [
      ["gRPC", createLndGrpcTransport({ host: sim.rpcAddress, ...auth })],
      ["REST", createLndRestTransport({ host: sim.restAddress, ...auth })],
    ]) {
      clients.push({ size, kind, transport, api: createWatchtowerClient({ transport }), ms: [] });
    }
  }
  try {
    const list = (c) => c.api.listTowers({ includeSessions: true });
    for (const c of clients) for (let i = 0; i < 3; i++) await list(c);
    for (let round = 0; round < rounds; round++) {
      for (const c of round % 2 === 0 ? clients : [...clients].reverse()) {
        for (let i = 0; i < Math.round(calls / rounds); i++) {
          const t0 = performance.now();
          const { towers } = await list(c);
          c.ms.push(performance.now() - t0);
          if (towers.length !== c.size) throw new Error(`ListTowers returned ${towers.length} towers, not ${c.size}`);
        }
      }
    }
  } finally {
    await Promise.all(clients.map((c) => c.transport.close()));
  }
  const rows = [];
  const notes = [];
  for (const kind of ["gRPC", "REST"]) {
    const lat = Object.fromEntries(clients.filter((c) => c.kind === kind).map((c) => [c.size, median(c.ms)]));
    const [smallest] = sizes;
    const steps = sizes.slice(1).map((size, i) => `${sizes[i]}->${size}: x${(lat[size] / lat[sizes[i]]).toFixed(2)}`);
    notes.push(
      `ListTowers ${kind}: median ${sizes.map((s) => `${lat[s].toFixed(2)} ms @${s}`).join(", ")}; growth per 10x towers ${steps.join(", ")}`,
    );
    for (const size of sizes.slice(1)) {
      const linear = size / smallest;
      rows.push(
        makeRow(
          `ListTowers ${kind}, ${size} towers x4 sessions (baseline: ${smallest}-tower latency x${linear})`,
          "ms",
          lat[smallest] * linear,
          lat[size],
          "<= 1.2",
        ),
      );
    }
  }
  return { rows, notes };
}
