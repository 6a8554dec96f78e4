import { ConnectError } from "@connectrpc/connect";
import { importMacaroon } from "macaroon";
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSim, type TestSim } from "./sim-harness.js";

function withCaveat(hex: string, caveat: string): string {
  const mac = importMacaroon(new Uint8Array(Buffer.from(hex, "hex")));
  mac.addFirstPartyCaveat(caveat);
  return Buffer.from(mac.exportBinary()).toString("hex");
}

async function grpcMessage(t: TestSim, macaroonHex: string): Promise<string> {
  return t
    .grpc(macaroonHex)
    .stats({})
    .then(
      () => "ok",
      (e: unknown) => (e as ConnectError).rawMessage,
    );
}

async function restMessage(t: TestSim, headers: Record<string, string | string[]>): Promise<string> {
  const [host, port] = t.sim.restAddress.split(":");
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host, port: Number(port), path: "/v2/watchtower/client/stats", ca: t.cert, headers, agent: false },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(body));
      },
    );
    req.on("error", reject);
    req.end();
  });
  const parsed = JSON.parse(text) as { message?: string };
  return parsed.message ?? "ok";
}

describe("the macaroon check on both surfaces", () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim();
  });
  afterAll(async () => {
    await t[Symbol.asyncDispose]();
  });

  it("gRPC checks `ipaddr` against the caller's address", async () => {
    expect(await grpcMessage(t, withCaveat(t.macaroons.admin, "ipaddr 127.0.0.1"))).toBe("ok");
    expect(await grpcMessage(t, withCaveat(t.macaroons.admin, "ipaddr 192.0.2.1"))).toBe(
      'caveat "ipaddr 192.0.2.1" not satisfied: macaroon locked to different IP address',
    );
  });

  it("REST checks `ipaddr` against loopback, where lnd's REST proxy dials gRPC from", async () => {
    const loopbackOnly = withCaveat(t.macaroons.admin, "iprange 127.0.0.0/8");
    expect(await restMessage(t, { "Grpc-Metadata-macaroon": loopbackOnly })).toBe("ok");
  });

  it("both refuse two macaroon values", async () => {
    expect(await restMessage(t, { "Grpc-Metadata-macaroon": [t.macaroons.admin, t.macaroons.admin] })).toBe(
      "expected 1 macaroon, got 2",
    );
    const both = await t
      .grpc(undefined)
      .stats(
        {},
        {
          headers: [
            ["macaroon", t.macaroons.admin],
            ["macaroon", t.macaroons.admin],
          ],
        },
      )
      .then(
        () => "ok",
        (e: unknown) => (e as ConnectError).rawMessage,
      );
    expect(both).toBe("expected 1 macaroon, got 2");
  });

  it("a macaroon from another lnd fails the signature check", async () => {
    await using other = await startTestSim();
    expect(await grpcMessage(t, other.macaroons.admin)).toBe(
      "verification failed: signature mismatch after caveat verification",
    );
  });
});
