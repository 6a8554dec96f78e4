import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { CallOptions } from "@connectrpc/connect";
import {
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  WtclientError,
  type LndTransport,
  type WatchtowerClientApi,
} from "@wtclient/core";
import { startHttpService, type HttpService } from "@wtclient/http";
import { demoKey, startLndSim, type LndSim } from "@wtclient/lnd-sim";
import { runWtclient, type CliRun } from "../src/index.js";

/** The calls the fault tests make; each surface spells them its own way. */
export type Rpc = "stats" | "terminate" | "remove";

/** A session every terminate may end again, and an inactive tower every remove may remove again (spec §3.2, §3.4). */
const sessionId = demoKey("session/alpha/taproot");
const towerKey = demoKey("tower/gamma");
const pathKey = (hex: string) => Buffer.from(hex, "hex").toString("base64url");

/** How a fault's clients are set up: the same for the library, the CLI and the service. */
export interface ClientSetup {
  readonly macaroon: "admin" | "readonly";
  /** lncli's --macaroontimeout: the time-before caveat added to every call */
  readonly macaroonTimeoutSeconds: number;
  /** the deadline of the failing call (library call option, CLI --timeout); default 30 s */
  readonly callTimeoutSeconds?: number;
  /** the service's --timeout */
  readonly serviceTimeoutSeconds: number;
}

export const defaultSetup: ClientSetup = { macaroon: "admin", macaroonTimeoutSeconds: 60, serviceTimeoutSeconds: 30 };

export type LibraryOutcome = "ok" | { reason: string; hint: string };
export interface HttpOutcome {
  status: number;
  body: unknown;
}

/** The lnd double on free loopback ports and what every client is pointed at; `sim` changes when a fault replaces it. */
export class FaultWorld {
  /** everything any surface printed or answered, for the secret scan */
  readonly printed: string[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), "wtclient-faults-"));
  readonly lnddir = join(this.dir, "lnd");
  /** a copy of the double's first tls.cert: what every client pins, whatever the double serves later */
  readonly pinnedCertPath = join(this.dir, "pinned-tls.cert");
  readonly writeToken = randomBytes(24).toString("base64url");
  /** every tls.key the double has served with */
  readonly tlsKeys: string[] = [];
  sim!: LndSim;

  async start(): Promise<void> {
    this.sim = await startLndSim({ lnddir: this.lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
    copyFileSync(this.sim.tlsCertPath, this.pinnedCertPath);
    this.tlsKeys.push(readFileSync(this.sim.tlsKeyPath, "utf8"));
  }

  /** Stop the double, run `meanwhile` (on its files), and start it again on the same ports and lnddir. */
  async restartSim(meanwhile: () => void): Promise<void> {
    const listen = { rpclisten: this.sim.rpcAddress, restlisten: this.sim.restAddress };
    await this.sim.close();
    meanwhile();
    this.sim = await startLndSim({ lnddir: this.lnddir, ...listen });
    this.tlsKeys.push(readFileSync(this.sim.tlsKeyPath, "utf8"));
  }

  async stop(): Promise<void> {
    await this.sim.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  macaroonPath(setup: ClientSetup): string {
    return this.sim.macaroonPaths[setup.macaroon];
  }

  /** The library over both of lnd's surfaces, with the default retry policy. */
  libraryClients(setup: ClientSetup): { grpc: WatchtowerClientApi; rest: WatchtowerClientApi; close(): Promise<void> } {
    const common = {
      cert: readFileSync(this.pinnedCertPath),
      macaroon: readFileSync(this.macaroonPath(setup)),
      macaroonTimeoutSeconds: setup.macaroonTimeoutSeconds,
    };
    const transports: LndTransport[] = [
      createLndGrpcTransport({ host: this.sim.rpcAddress, ...common }),
      createLndRestTransport({ host: this.sim.restAddress, ...common }),
    ];
    return {
      grpc: createWatchtowerClient({ transport: transports[0]! }),
      rest: createWatchtowerClient({ transport: transports[1]! }),
      close: async () => void (await Promise.all(transports.map((t) => t.close()))),
    };
  }

  async libraryCall(client: WatchtowerClientApi, rpc: Rpc, setup: ClientSetup): Promise<LibraryOutcome> {
    const o: CallOptions = setup.callTimeoutSeconds !== undefined ? { timeoutMs: setup.callTimeoutSeconds * 1000 } : {};
    try {
      if (rpc === "stats") await client.stats(o);
      else if (rpc === "terminate") await client.terminateSession(sessionId, o);
      else await client.removeTower(towerKey, undefined, o);
      return "ok";
    } catch (e) {
      if (!(e instanceof WtclientError)) throw e;
      this.printed.push(e.message, e.rawMessage, e.hint);
      return { reason: e.reason, hint: e.hint };
    }
  }

  async cli(rpc: Rpc, setup: ClientSetup): Promise<CliRun> {
    const args = [
      ...["--rpcserver", this.sim.rpcAddress, "--lnddir", this.lnddir, "--network", "regtest"],
      ...[
        "--tlscertpath",
        this.pinnedCertPath,
        "--macaroonpath",
        this.macaroonPath(setup),
        "--macaroontimeout",
        String(setup.macaroonTimeoutSeconds),
      ],
      ...(setup.callTimeoutSeconds !== undefined ? ["--timeout", String(setup.callTimeoutSeconds)] : []),
      ...{ stats: ["stats"], terminate: ["session", "terminate", sessionId], remove: ["remove", towerKey] }[rpc],
    ];
    const run = await runWtclient(args, this.dir);
    this.printed.push(run.stdout, run.stderr);
    return run;
  }

  /** wtclient-http in this process in front of the double: a write token, the service's own macaroon, gRPC to lnd. */
  service(setup: ClientSetup): Promise<HttpService> {
    const printed = this.printed;
    return startHttpService({
      listen: "127.0.0.1:0",
      tokens: [{ id: "faults", scope: "write", sha256: createHash("sha256").update(this.writeToken).digest("hex") }],
      timeoutSeconds: setup.serviceTimeoutSeconds,
      lnd: {
        rpcserver: this.sim.rpcAddress,
        lnddir: this.lnddir,
        network: "regtest",
        tlscertpath: this.pinnedCertPath,
        macaroonpath: this.macaroonPath(setup),
        macaroontimeout: setup.macaroonTimeoutSeconds,
      },
      logLevel: "debug",
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          printed.push(chunk.toString("utf8"));
          done();
        },
      }),
    });
  }

  async http(service: HttpService, rpc: Rpc): Promise<HttpOutcome> {
    const [method, path] = {
      stats: ["GET", "/v2/watchtower/client/stats"],
      terminate: ["POST", `/v2/watchtower/client/sessions/terminate/${pathKey(sessionId)}`],
      remove: ["DELETE", `/v2/watchtower/client/${pathKey(towerKey)}`],
    }[rpc];
    const res = await fetch(service.url + path!, {
      method: method!,
      headers: { authorization: `Bearer ${this.writeToken}` },
    });
    const text = await res.text();
    this.printed.push(text);
    return { status: res.status, body: JSON.parse(text) as unknown };
  }
}
