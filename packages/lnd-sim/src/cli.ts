#!/usr/bin/env node
import { parseArgs } from "node:util";
import { isLndNetwork, lndNetworks } from "./lnd-paths.js";
import { startLndSim, type LndSimOptions } from "./start-lnd-sim.js";

const help = `wtclient-lnd-sim: an lnd double serving lnd's WatchtowerClient service (wtclientrpc)

Usage: wtclient-lnd-sim --lnddir DIR [options]

Writes lnd's files into DIR (tls.cert, tls.key, data/chain/bitcoin/<network>/{admin,readonly,invoice}.macaroon),
then serves gRPC and REST over TLS and checks macaroons like lnd. Without --state it starts from a fixed demo
database (three towers, sessions of every policy type); with --state FILE the database is kept in FILE.

Options:
  --lnddir DIR               lnd's data directory (required)
  --network NET              ${lndNetworks.join(" | ")} (default regtest)
  --rpclisten HOST:PORT      gRPC listener (default 127.0.0.1:10009; port 0 picks a free port)
  --restlisten HOST:PORT     REST listener (default 127.0.0.1:8080; port 0 picks a free port)
  --state FILE               JSON database: loaded if present, rewritten atomically after every change
  --wtclient.active[=BOOL]   false: answer every RPC with "watchtower client not active" (default true)
  --tower-clients 3|4        3 tower clients like lnd v0.18-v0.20 (default), 4 like v0.21+
  --latency-ms N             delay every RPC by N milliseconds
  --adminlisten HOST:PORT    fault/restart admin API, loopback only (default 127.0.0.1:0)
  -h, --help                 show this help

Admin API (JSON): GET /faults, POST /faults {latencyMs, active, unackedSessions, refuseConnections,
resetConnections}, POST /restart, GET /state.
Stop with Ctrl-C (SIGINT) or SIGTERM.
`;

function fail(message: string): never {
  process.stderr.write(`wtclient-lnd-sim: ${message}\nRun with --help for usage.\n`);
  process.exit(2);
}

function parseBool(name: string, value: string): boolean {
  if (["1", "true", "t", "TRUE", "True"].includes(value)) return true;
  if (["0", "false", "f", "FALSE", "False"].includes(value)) return false;
  return fail(`--${name}: expected true or false, got ${JSON.stringify(value)}`);
}

function options(argv: string[]): LndSimOptions | undefined {
  // lnd's boolean flag may be given bare; parseArgs needs a value for a string option
  const args = argv.map((a) => (a === "--wtclient.active" ? "--wtclient.active=true" : a));
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      lnddir: { type: "string" },
      network: { type: "string", default: "regtest" },
      rpclisten: { type: "string", default: "127.0.0.1:10009" },
      restlisten: { type: "string", default: "127.0.0.1:8080" },
      state: { type: "string" },
      "wtclient.active": { type: "string", default: "true" },
      "tower-clients": { type: "string", default: "3" },
      "latency-ms": { type: "string", default: "0" },
      adminlisten: { type: "string", default: "127.0.0.1:0" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  if (positionals.length > 0) fail(`unexpected argument ${positionals[0]!}`);
  if (values.lnddir === undefined) fail("--lnddir is required");
  if (!isLndNetwork(values.network)) fail(`unknown network: ${values.network}`);
  const towerClients = values["tower-clients"];
  if (towerClients !== "3" && towerClients !== "4") fail("--tower-clients: expected 3 or 4");
  const latencyMs = Number(values["latency-ms"]);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) fail("--latency-ms: expected a number >= 0");
  return {
    lnddir: values.lnddir,
    network: values.network,
    rpclisten: values.rpclisten,
    restlisten: values.restlisten,
    ...(values.state === undefined ? {} : { state: values.state }),
    active: parseBool("wtclient.active", values["wtclient.active"]),
    towerClients: towerClients === "4" ? 4 : 3,
    faults: { latencyMs },
    adminlisten: values.adminlisten,
  };
}

async function main(): Promise<void> {
  let parsed: LndSimOptions | undefined;
  try {
    parsed = options(process.argv.slice(2));
  } catch (e) {
    fail((e as Error).message);
  }
  if (parsed === undefined) {
    process.stdout.write(help);
    return;
  }
  const sim = await startLndSim(parsed);
  // handlers first: whoever reads the banner may signal right away
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`wtclient-lnd-sim: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const lines = [
    `wtclient-lnd-sim is running (network ${sim.network}, wtclient.active=${String(sim.faults.active)})`,
    `rpclisten:         ${sim.rpcAddress}`,
    `restlisten:        ${sim.restAddress}`,
    `admin:             ${sim.adminUrl ?? "-"}`,
    `lnddir:            ${sim.lnddir}`,
    `tlscertpath:       ${sim.tlsCertPath}`,
    `admin.macaroon:    ${sim.macaroonPaths.admin}`,
    `readonly.macaroon: ${sim.macaroonPaths.readonly}`,
    `invoice.macaroon:  ${sim.macaroonPaths.invoice}`,
    ...(parsed.state === undefined ? [] : [`state:             ${parsed.state}`]),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`wtclient-lnd-sim: ${(e as Error).message}\n`);
  process.exit(1);
});
