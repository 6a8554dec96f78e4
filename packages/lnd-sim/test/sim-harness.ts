import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { WatchtowerClient } from "@wtclient/core";
import { startLndSim, type LndSim, type LndSimOptions } from "../src/index.js";

export type MacaroonName = "admin" | "readonly" | "invoice";

export interface RestAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A running double on free loopback ports in a fresh lnddir, with clients pinned to its cert. */
export interface TestSim extends AsyncDisposable {
  readonly sim: LndSim;
  readonly cert: string;
  /** hex of the double's macaroon files, as lncli and the gateway send them */
  readonly macaroons: Record<MacaroonName, string>;
  /** a connect gRPC client sending `macaroon` (or none when undefined) */
  grpc(macaroonHex: string | undefined): Client<typeof WatchtowerClient>;
  /** one HTTPS request to the REST port with `Grpc-Metadata-macaroon` (or none) */
  rest(method: string, path: string, macaroonHex: string | undefined, body?: string | null): Promise<RestAnswer>;
}

export async function startTestSim(options: Partial<LndSimOptions> = {}): Promise<TestSim> {
  const lnddir = options.lnddir ?? (await mkdtemp(join(tmpdir(), "lnd-sim-")));
  const sim = await startLndSim({ rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0", ...options, lnddir });
  const cert = readFileSync(sim.tlsCertPath, "utf8");
  const read = (name: MacaroonName): string => readFileSync(sim.macaroonPaths[name]).toString("hex");
  const macaroons = { admin: read("admin"), readonly: read("readonly"), invoice: read("invoice") };
  const managers: Http2SessionManager[] = [];
  return {
    sim,
    cert,
    macaroons,
    grpc(macaroonHex) {
      const baseUrl = `https://${sim.rpcAddress}`;
      const sessionManager = new Http2SessionManager(baseUrl, {}, { ca: cert });
      managers.push(sessionManager);
      const transport = createGrpcTransport({
        baseUrl,
        sessionManager,
        interceptors: [
          (next) => (req) => {
            if (macaroonHex !== undefined) req.header.set("macaroon", macaroonHex);
            return next(req);
          },
        ],
      });
      return createClient(WatchtowerClient, transport);
    },
    rest(method, path, macaroonHex, body) {
      const colon = sim.restAddress.lastIndexOf(":");
      const [host, port] = [sim.restAddress.slice(0, colon), sim.restAddress.slice(colon + 1)];
      const headers: Record<string, string> = {};
      if (macaroonHex !== undefined) headers["Grpc-Metadata-macaroon"] = macaroonHex;
      if (body !== undefined && body !== null) headers["content-type"] = "application/json";
      return new Promise((resolve, reject) => {
        // agent: false -> one connection per request, closed afterwards, so nothing lingers
        const req = request({ host, port: Number(port), method, path, ca: cert, headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
            resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"], body: parsed });
          });
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(body ?? undefined);
      });
    },
    async [Symbol.asyncDispose]() {
      for (const m of managers) m.abort();
      await sim.close();
      if (options.lnddir === undefined) await rm(lnddir, { recursive: true, force: true });
    },
  };
}
