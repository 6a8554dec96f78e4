// Child process: the lnd double on free loopback ports, so its CPU is not the load generator's.
// Prints one JSON line {rpcAddress, restAddress, lnddir, tlsCertPath, macaroonPaths, sessionId} once it
// listens, and stops (removing its lnddir) on SIGTERM, SIGINT or when the parent closes its stdin.
// Usage: node lnd-sim-server.mjs [--towers N --sessions M]   (default: lnd-sim's demo database)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { demoKey, startLndSim } from "@wtclient/lnd-sim";

const { values } = parseArgs({ options: { towers: { type: "string" }, sessions: { type: "string", default: "4" } } });

/** N towers of M live anchor sessions each, with fixed keys so every run sees the same database. */
function scaleSeed(towers, sessions) {
  return {
    towers: Array.from({ length: towers }, (_, t) => ({
      pubkey: demoKey(`bench/tower/${t}`),
      addresses: [`198.51.100.${t % 250}:9911`],
      sessions: Array.from({ length: sessions }, (_, s) => ({
        id: demoKey(`bench/session/${t}/${s}`),
        client: "anchor",
        numBackups: s,
      })),
    })),
  };
}

const lnddir = mkdtempSync(join(tmpdir(), "wtclient-bench-lnd-"));
const seed = values.towers === undefined ? undefined : scaleSeed(Number(values.towers), Number(values.sessions));
const sim = await startLndSim({
  lnddir,
  rpclisten: "127.0.0.1:0",
  restlisten: "127.0.0.1:0",
  ...(seed ? { seed } : {}),
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await sim.close();
  rmSync(lnddir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop).resume();

process.stdout.write(
  `${JSON.stringify({
    rpcAddress: sim.rpcAddress,
    restAddress: sim.restAddress,
    lnddir,
    tlsCertPath: sim.tlsCertPath,
    macaroonPaths: sim.macaroonPaths,
    // a live demo session without pending updates: lnd lets it be terminated again and again
    sessionId: demoKey("session/alpha/legacy"),
  })}\n`,
);
