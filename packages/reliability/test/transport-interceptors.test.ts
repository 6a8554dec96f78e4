import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, createClient, type Interceptor } from "@connectrpc/connect";
import {
  WatchtowerClient,
  WtclientError,
  createLndGrpcTransport,
  createLndRestTransport,
  createRetryInterceptor,
  type LndTransportOptions,
} from "@wtclient/core";
import { startLndSim, type LndSim } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
let sim: LndSim;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wtclient-interceptors-"));
  sim = await startLndSim({ lnddir: dir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

const kinds = [
  // lnd's REST proxy passes on only Grpc-Metadata-<key> headers, as metadata <key>
  { kind: "grpc", create: createLndGrpcTransport, host: () => sim.rpcAddress, header: "x-request-id" },
  { kind: "rest", create: createLndRestTransport, host: () => sim.restAddress, header: "grpc-metadata-x-request-id" },
] as const;

describe.each(kinds)("the $kind transport", ({ create, host, header }) => {
  const options = (extra: Partial<LndTransportOptions>): LndTransportOptions => ({
    host: host(),
    cert: readFileSync(sim.tlsCertPath),
    macaroon: readFileSync(sim.macaroonPaths.admin),
    ...extra,
  });

  it("runs its interceptors around every call, the first outermost, and sends the headers they set", async () => {
    const seen: string[] = [];
    const named =
      (name: string): Interceptor =>
      (next) =>
      async (req) => {
        seen.push(`${name} ${req.method.name}`);
        req.header.set(header, "42");
        const res = await next(req);
        seen.push(`${name} done`);
        return res;
      };
    await using transport = create(options({ interceptors: [named("outer"), named("inner")] }));
    const stats = await createClient(WatchtowerClient, transport).stats({});
    expect(stats.$typeName).toBe("wtclientrpc.StatsResponse");
    expect(seen).toEqual(["outer Stats", "inner Stats", "inner done", "outer done"]);
    expect(sim.receivedMetadata.at(-1)?.metadata).toMatchObject({ "x-request-id": "42" });
  });

  it("fails an answer over readMaxBytes with a WtclientError naming the limit and the option", async () => {
    await using small = create(options({ readMaxBytes: 64 }));
    const error = await createClient(WatchtowerClient, small)
      .listTowers({ includeSessions: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WtclientError);
    expect(error).toMatchObject({
      code: Code.ResourceExhausted,
      reason: "response-too-large",
      rawMessage: "lnd's answer is larger than 64 bytes (readMaxBytes)",
    });
    await using normal = create(options({}));
    expect(
      (await createClient(WatchtowerClient, normal).listTowers({ includeSessions: true })).towers.length,
    ).toBeGreaterThan(0);
  });

  it("refuses a readMaxBytes that is no whole number of bytes", () => {
    expect(() => create(options({ readMaxBytes: 0 }))).toThrow(/readMaxBytes must be a whole number of bytes >= 1/);
  });

  it("retries through createRetryInterceptor for createClient users: idempotent calls only", async () => {
    const attempts: string[] = [];
    const counter: Interceptor = (next) => (req) => (attempts.push(req.method.name), next(req));
    const retry = createRetryInterceptor({ baseDelayMs: 0 });
    await using transport = create(options({ host: await closedPort(), interceptors: [retry, counter] }));
    const client = createClient(WatchtowerClient, transport);
    await expect(client.stats({})).rejects.toMatchObject({ reason: "unreachable" });
    await expect(client.removeTower({ pubkey: new Uint8Array(33).fill(2) })).rejects.toMatchObject({
      reason: "unreachable",
    });
    expect(attempts).toEqual(["Stats", "Stats", "Stats", "RemoveTower"]);
  });
});
