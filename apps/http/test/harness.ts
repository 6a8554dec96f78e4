import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import { startLndSim, type LndSim, type LndSimOptions } from "@wtclient/lnd-sim";
import { Agent, fetch } from "undici";
import { startHttpService, type HttpService, type HttpServiceConfig, type TokenEntry } from "../src/index.js";
import { flagsOfSim } from "../src/start-sim-lnd.js";

/** Every log line any service wrote during this test file, for the no-secrets check. */
export const allLogLines: string[] = [];

/** A pino destination that keeps the lines (also in allLogLines). */
export function captureLog(): { stream: Writable; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line === "") continue;
        lines.push(line);
        allLogLines.push(line);
      }
      done();
    },
  });
  return { stream, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export interface SimHandle extends AsyncDisposable {
  readonly sim: LndSim;
  readonly adminHex: string;
  readonly readonlyHex: string;
  readonly invoiceHex: string;
  readonly certPem: string;
  /** lncli-style flags pointing the service at this double. */
  readonly flags: NonNullable<HttpServiceConfig["lnd"]>;
}

/** lnd-sim on free loopback ports in a temporary lnddir (removed on dispose). */
export async function startSim(options: Partial<LndSimOptions> = {}): Promise<SimHandle> {
  const lnddir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-test-"));
  const sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0", ...options });
  const hex = async (p: string) => (await readFile(p)).toString("hex");
  const dispose = async () => {
    await sim.close();
    await rm(lnddir, { recursive: true, force: true });
  };
  return {
    sim,
    adminHex: await hex(sim.macaroonPaths.admin),
    readonlyHex: await hex(sim.macaroonPaths.readonly),
    invoiceHex: await hex(sim.macaroonPaths.invoice),
    certPem: await readFile(sim.tlsCertPath, "utf8"),
    flags: flagsOfSim(sim),
    [Symbol.asyncDispose]: dispose,
  };
}

/** A random bearer token and its --tokens entry. */
export function makeToken(id: string, scope: "read" | "write"): { token: string; entry: TokenEntry } {
  const token = randomBytes(24).toString("base64url");
  return { token, entry: { id, scope, sha256: createHash("sha256").update(token).digest("hex") } };
}

export const readToken = makeToken("reader", "read");
export const writeToken = makeToken("writer", "write");

export interface ServiceHandle extends AsyncDisposable {
  readonly service: HttpService;
  readonly url: string;
  readonly log: ReturnType<typeof captureLog>;
}

/** The service on 127.0.0.1:0 in front of `lnd`, logs captured. */
export async function startService(config: HttpServiceConfig): Promise<ServiceHandle> {
  const log = captureLog();
  const service = await startHttpService({
    listen: "127.0.0.1:0",
    tokens: [readToken.entry, writeToken.entry],
    ...config,
    logDestination: log.stream,
  });
  return { service, url: service.url, log, [Symbol.asyncDispose]: () => service.close() };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** The body as JSON, or undefined when it is not JSON. */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One HTTP request with undici, trusting `ca` for https; the connection is closed afterwards. */
export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {},
): Promise<HttpAnswer> {
  const dispatcher = new Agent({ connect: init.ca !== undefined ? { ca: init.ca } : {} });
  try {
    const res = await fetch(url, { method: init.method ?? "GET", headers: init.headers, body: init.body, dispatcher });
    const text = await res.text();
    const headers = new Headers();
    res.headers.forEach((v, k) => headers.set(k, v));
    return { status: res.status, headers, text, json: jsonOf(text) };
  } finally {
    await dispatcher.close();
  }
}

/** URL-safe base64 of a hex key (how lnd's REST paths carry bytes). */
export function pathKey(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64url");
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * One HTTP/1.1 request with node:http, sending exactly the given headers (Host, Origin and
 * Content-Type as a browser would set them; fetch does not let a caller choose Host).
 */
export function rawRequest(
  url: string,
  init: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<HttpAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, method: init.method, path: init.path, headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, text, json: jsonOf(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
