// `npm run demo`: the main job end to end. With no lnd configured it starts the embedded lnd double,
// then terminates watchtower sessions through every frontend: the library over gRPC and REST, the CLI
// over both transports, and the HTTP service. With an lnd configured (LNCLI_RPCSERVER / LNCLI_LNDDIR /
// WTCLIENT_DEMO_LND=1) it only reads (towers, stats, policy): a demo never retires a real session.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ListTowersResponseSchema,
  createLndGrpcTransport,
  createLndRestTransport,
  createLndTransportFromSettings,
  createWatchtowerClient,
  resolveLndSettings,
  terminateSession,
} from "@wtclient/core";
import { toLncliJson } from "@wtclient/core/internal";

const root = new URL("..", import.meta.url).pathname;
const step = (text) => console.log(`\n== ${text}`);
const cliBin = join(root, "apps/cli/dist/cli.js");

const realLnd =
  process.env.WTCLIENT_DEMO_LND === "1" || Boolean(process.env.LNCLI_RPCSERVER || process.env.LNCLI_LNDDIR);
if (realLnd) await demoRealLnd();
else await demoDouble();

async function demoRealLnd() {
  const settings = resolveLndSettings({});
  step(`read-only demo against the configured lnd at ${settings.rpcserver} (gRPC) and ${settings.restserver} (REST)`);
  for (const kind of ["grpc", "rest"]) {
    const transport = await createLndTransportFromSettings(settings, kind);
    try {
      const client = createWatchtowerClient({ transport });
      const { towers } = await client.listTowers();
      const stats = await client.stats();
      console.log(
        `${kind}: ${towers.length} tower(s); ${stats.numSessionsAcquired} session(s) acquired, ${stats.numBackups} backup(s)`,
      );
    } finally {
      await transport.close();
    }
  }
}

async function demoDouble() {
  const { startLndSim } = await import("@wtclient/lnd-sim");
  const lnddir = mkdtempSync(join(tmpdir(), "wtclient-demo-"));
  step("starting the embedded lnd double (no lnd configured)");
  const sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
  const closers = [() => sim.close(), () => rmSync(lnddir, { recursive: true, force: true })];
  try {
    await showDouble(sim, lnddir, closers);
  } finally {
    for (const close of closers.reverse()) await close();
  }
  step("done");
}

async function showDouble(sim, lnddir, closers) {
  console.log(`lnd double: gRPC ${sim.rpcAddress}, REST ${sim.restAddress}, lnddir ${lnddir}`);
  const cert = readFileSync(sim.tlsCertPath);
  const macaroon = readFileSync(sim.macaroonPaths.admin);

  const grpc = createLndGrpcTransport({ host: sim.rpcAddress, cert, macaroon });
  const rest = createLndRestTransport({ host: sim.restAddress, cert, macaroon });
  closers.push(
    () => grpc.close(),
    () => rest.close(),
  );
  const towers = await createWatchtowerClient({ transport: grpc }).listTowers({ includeSessions: true });
  const sessions = toLncliJson(ListTowersResponseSchema, towers).towers.flatMap((t) =>
    t.session_info.flatMap((i) => i.sessions),
  );
  const live = sessions.filter((s) => s.num_backups < s.max_backups).map((s) => s.id);
  console.log(`${towers.towers.length} towers, ${sessions.length} sessions`);

  step("library: terminateSession over gRPC, then over REST");
  console.log("grpc:", (await terminateSession(grpc, live[0])).status);
  console.log("rest:", (await terminateSession(rest, live[1])).status);
  try {
    await terminateSession(rest, "035ddaa8bc5a2f1eeca3fa6b91b63b8d195195ec584c4c3942f58e9f5e4aedc0e0");
  } catch (e) {
    console.log(`an unknown session: ${e.reason}: ${e.rawMessage} (hint: ${e.hint})`);
  }

  if (existsSync(cliBin)) {
    const lnd = [
      "--lnddir",
      lnddir,
      "--network",
      "regtest",
      "--rpcserver",
      sim.rpcAddress,
      "--restserver",
      sim.restAddress,
    ];
    // async: the double answers from this very process
    const cli = async (args) => {
      console.log(`$ wtclient ${args.join(" ")}`);
      const r = await promisify(execFile)(process.execPath, [cliBin, ...lnd, ...args], { encoding: "utf8" }).catch(
        (e) => e,
      );
      process.stdout.write(
        r.stdout.length > 1200 ? `${r.stdout.slice(0, 1200)}… (${r.stdout.length} bytes)\n` : r.stdout,
      );
      process.stderr.write(r.stderr);
    };
    step("CLI: wtclient towers --include_sessions, and session terminate over both transports");
    await cli(["towers", "--include_sessions"]);
    await cli(["session", "terminate", live[2]]);
    await cli(["--transport", "rest", "session", "terminate", live[3]]);
  }

  const { startHttpService } = await import("@wtclient/http");
  step("HTTP: a terminate through wtclient-http in front of the double");
  const tokens = await import("node:crypto").then(({ createHash, randomBytes }) => {
    const token = randomBytes(24).toString("base64url");
    return { token, hash: createHash("sha256").update(token).digest("hex") };
  });
  const http = await startHttpService({
    listen: "127.0.0.1:0",
    lnd: { lnddir, network: "regtest", rpcserver: sim.rpcAddress, restserver: sim.restAddress },
    tokens: [{ id: "demo", scope: "write", sha256: tokens.hash }],
  });
  closers.push(() => http.close());
  const id = Buffer.from(live[4], "hex").toString("base64url");
  const res = await fetch(`${http.url}/v2/watchtower/client/sessions/terminate/${id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.token}` },
  });
  console.log(`POST /v2/watchtower/client/sessions/terminate/${id} -> ${res.status} ${await res.text()}`);
}
