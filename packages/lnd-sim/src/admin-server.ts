import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { joinHostPort } from "@wtclient/core/internal";
import type { ClientDb } from "./client-db.js";
import { parseFaultsPatch, type Faults } from "./faults.js";
import { splitListen } from "./tls-listener.js";

/** What the admin API drives: a running double. */
export interface AdminTarget {
  readonly rpcAddress: string;
  readonly restAddress: string;
  readonly faults: Faults;
  readonly model: ClientDb;
  readonly calls: Readonly<Record<string, number>>;
  setFaults(patch: Partial<Faults>): Promise<void>;
  restart(options?: { freshCert?: boolean }): Promise<void>;
}

export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

const loopback = new Set(["127.0.0.1", "::1", "localhost"]);

const usage = {
  "GET /faults": "current faults",
  "POST /faults": "merge {latencyMs, active, unackedSessions: [hex], refuseConnections, resetConnections}",
  "POST /restart":
    "close and reopen the gRPC and REST listeners (same ports, cert, root key, state); {freshCert: true} makes a new tls.cert",
  "GET /state": "the database and the Stats counters",
  "GET /calls": "RPCs received since start, by RPC name",
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error("body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text.trim() === "" ? {} : (JSON.parse(text) as unknown);
}

/** The body of POST /restart: {} or {"freshCert": boolean}. */
function parseRestart(body: unknown): boolean {
  const ok =
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).every((k) => k === "freshCert");
  const freshCert = ok ? (body as { freshCert?: unknown }).freshCert : undefined;
  if (!ok || (freshCert !== undefined && typeof freshCert !== "boolean"))
    throw new Error('expected {} or {"freshCert": true|false}');
  return freshCert === true;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body) + "\n");
}

async function route(target: AdminTarget, req: IncomingMessage): Promise<[number, unknown]> {
  const key = `${req.method ?? ""} ${new URL(req.url ?? "/", "http://admin").pathname}`;
  switch (key) {
    case "GET /":
      return [200, usage];
    case "GET /faults":
      return [200, target.faults];
    case "POST /faults":
      await target.setFaults(parseFaultsPatch(await readJson(req)));
      return [200, target.faults];
    case "POST /restart": {
      await target.restart({ freshCert: parseRestart(await readJson(req)) });
      return [200, { rpcAddress: target.rpcAddress, restAddress: target.restAddress }];
    }
    case "GET /calls":
      return [200, target.calls];
    case "GET /state":
      return [200, { ...target.model.snapshot(), stats: target.model.stats }];
    default:
      return [404, { error: `no such endpoint: ${key}`, endpoints: usage }];
  }
}

/** The admin API's host:port, checked to be a loopback address. */
export function loopbackListen(listen: string): { host: string; port: number } {
  const { host, port } = splitListen(listen);
  if (!loopback.has(host)) throw new Error(`the admin API listens on loopback only, not ${JSON.stringify(host)}`);
  return { host, port };
}

/** A small JSON API on a loopback address to change faults and restart the double from outside. */
export async function startAdminServer(target: AdminTarget, listen: string): Promise<AdminServer> {
  const { host, port } = loopbackListen(listen);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(target, req).then(
      ([status, body]) => send(res, status, body),
      (e: unknown) => send(res, 400, { error: (e as Error).message }),
    );
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://${joinHostPort(host, bound)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
