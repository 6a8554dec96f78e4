import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnHttpService, spawnLndSim, type SpawnedHttpService, type SpawnedLndSim } from "@wtclient/reliability";

/** A bearer token and its --tokens entry. */
export interface TestToken {
  readonly id: string;
  readonly scope: "read" | "write";
  readonly token: string;
}

function makeToken(id: string, scope: "read" | "write"): TestToken {
  return { id, scope, token: randomBytes(24).toString("base64url") };
}

/** wtclient-http (the built bin) in front of the lnd double (its CLI), each a real process on loopback. */
export interface ConsoleStack extends AsyncDisposable {
  /** The service's origin, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly writer: TestToken;
  readonly reader: TestToken;
  readonly lnd: SpawnedLndSim;
  readonly http: SpawnedHttpService;
  /** Every line the service logged. */
  readonly logLines: string[];
  /** Change the double's faults (its admin API): refuseConnections, active, latencyMs, ... */
  faults(patch: Record<string, unknown>): Promise<void>;
}

export interface ConsoleStackOptions {
  /** The double's towers (its state file's format); default its demo state. */
  readonly towers?: readonly unknown[];
  /** More flags of wtclient-http, e.g. --passthrough-macaroon. */
  readonly httpArgs?: readonly string[];
}

/** Start the double, then the service with a write and a read token; torn down on dispose. */
export async function startConsoleStack(options: ConsoleStackOptions = {}): Promise<ConsoleStack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-console-"));
  const writer = makeToken("operator", "write");
  const reader = makeToken("dashboard", "read");
  const tokensFile = path.join(dir, "tokens.json");
  const entry = (t: TestToken) => ({
    id: t.id,
    scope: t.scope,
    sha256: createHash("sha256").update(t.token).digest("hex"),
  });
  await writeFile(tokensFile, JSON.stringify([entry(writer), entry(reader)]));
  const logLines: string[] = [];
  let lnd: SpawnedLndSim | undefined;
  try {
    let state: string | undefined;
    if (options.towers !== undefined) {
      state = path.join(dir, "state.json");
      await writeFile(state, JSON.stringify({ version: 1, towers: options.towers }));
    }
    lnd = await spawnLndSim({ lnddir: path.join(dir, "lnd"), ...(state !== undefined ? { state } : {}) });
    const http = await spawnHttpService(
      [
        "--listen",
        "127.0.0.1:0",
        "--rpcserver",
        lnd.rpcAddress,
        "--lnddir",
        lnd.lnddir,
        "--network",
        "regtest",
        "--tokens",
        tokensFile,
        ...(options.httpArgs ?? []),
      ],
      (line) => logLines.push(line),
    );
    const sim = lnd;
    return {
      url: http.url,
      writer,
      reader,
      lnd: sim,
      http,
      logLines,
      async faults(patch) {
        const res = await fetch(`${sim.adminUrl}/faults`, { method: "POST", body: JSON.stringify(patch) });
        if (!res.ok) throw new Error(`lnd-sim refused the faults ${JSON.stringify(patch)}: ${await res.text()}`);
      },
      async [Symbol.asyncDispose]() {
        await http.stop();
        sim.kill("SIGTERM");
        await sim.exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    lnd?.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
