import { readFileSync } from "node:fs";
import { createLndGrpcTransport, createLndRestTransport, terminateSession } from "@wtclient/core";
import { createFetchWatchtowerClient } from "./fetch-client.mjs";
import { createGrpcJsWatchtowerClient } from "./grpc-js-client.mjs";
import { makeRow } from "./make-row.mjs";
import { measureCalls } from "./measure-calls.mjs";

/**
 * Rows 1 and 2: terminateSession from @wtclient/core over gRPC against lnd's documented grpc-js style,
 * and over REST against a plain undici fetch; one session id hammered (lnd answers the same each time).
 * `sim` is the JSON the lnd-sim child printed.
 */
export async function benchLibrary(sim, plan) {
  const cert = readFileSync(sim.tlsCertPath);
  const macaroon = readFileSync(sim.macaroonPaths.admin);
  const files = { tlsCertPath: sim.tlsCertPath, macaroonPath: sim.macaroonPaths.admin };
  const id = sim.sessionId;
  const rows = [];

  const grpcJs = createGrpcJsWatchtowerClient({ address: sim.rpcAddress, ...files });
  const grpc = createLndGrpcTransport({ host: sim.rpcAddress, cert, macaroon });
  try {
    const r = await measureCalls(
      { baseline: () => grpcJs.terminateSession(id), wtclient: () => terminateSession(grpc, id) },
      plan,
    );
    rows.push(
      makeRow(
        "gRPC TerminateSession median latency, sequential (vs grpc-js + proto-loader)",
        "ms",
        r.baseline.medianMs,
        r.wtclient.medianMs,
        "<= 1.0",
      ),
      makeRow(
        `gRPC TerminateSession throughput, ${plan.inFlight} in flight (vs grpc-js + proto-loader)`,
        "calls/s",
        r.baseline.callsPerSecond,
        r.wtclient.callsPerSecond,
        ">= 1.0",
      ),
    );
  } finally {
    grpcJs.close();
    await grpc.close();
  }

  const plain = createFetchWatchtowerClient({ address: sim.restAddress, ...files });
  const rest = createLndRestTransport({ host: sim.restAddress, cert, macaroon });
  try {
    const r = await measureCalls(
      { baseline: () => plain.terminateSession(id), wtclient: () => terminateSession(rest, id) },
      plan,
    );
    rows.push(
      makeRow(
        "REST TerminateSession median latency, sequential (vs undici fetch)",
        "ms",
        r.baseline.medianMs,
        r.wtclient.medianMs,
        "<= 1.1",
      ),
      makeRow(
        `REST TerminateSession throughput, ${plan.inFlight} in flight (vs undici fetch)`,
        "calls/s",
        r.baseline.callsPerSecond,
        r.wtclient.callsPerSecond,
        ">= 0.9",
      ),
    );
  } finally {
    await plain.close();
    await rest.close();
  }
  return rows;
}
