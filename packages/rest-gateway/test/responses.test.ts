import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { PolicyType, TowerSchema, TowerSessionInfoSchema, TowerSessionSchema, WatchtowerClient } from "@wtclient/core";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { createRestGateway, httpStatusOf, writeLndError } from "../src/index.js";
import { send, startGateway, type Harness } from "./gateway-harness.js";

let harness: Harness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("success: lnd's JSON (EmitUnpopulated, UseProtoNames)", () => {
  test("every field present, snake_case, standard base64, enums by name", async () => {
    const session = create(TowerSessionSchema, {
      numBackups: 3,
      maxBackups: 1024,
      sweepSatPerVbyte: 10,
      id: new Uint8Array([0xfb, 0xff, 0xbf]),
    });
    const tower = create(TowerSchema, {
      pubkey: new Uint8Array([0x03, 0xef, 0xff]),
      addresses: ["127.0.0.1:9911"],
      sessionInfo: [
        create(TowerSessionInfoSchema, { numSessions: 1, sessions: [session], policyType: PolicyType.TAPROOT }),
        create(TowerSessionInfoSchema),
      ],
    });
    harness = await startGateway({ listTowers: () => ({ towers: [tower] }) });
    const reply = await send(harness.port, "GET", "/v2/watchtower/client");
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(reply.text).toBe(
      '{"towers":[{"pubkey":"A+//","addresses":["127.0.0.1:9911"],"active_session_candidate":false,"num_sessions":0,"sessions":[],' +
        '"session_info":[{"active_session_candidate":false,"num_sessions":1,"sessions":[{"num_backups":3,"num_pending_backups":0,' +
        '"max_backups":1024,"sweep_sat_per_byte":0,"sweep_sat_per_vbyte":10,"id":"+/+/"}],"policy_type":"TAPROOT"},' +
        '{"active_session_candidate":false,"num_sessions":0,"sessions":[],"policy_type":"LEGACY"}]}]}',
    );
  });

  test.each([
    ["POST", "/v2/watchtower/client", "{}"],
    ["DELETE", "/v2/watchtower/client/AAAA", "{}"],
    [
      "GET",
      "/v2/watchtower/client/stats",
      '{"num_backups":0,"num_pending_backups":0,"num_failed_backups":0,"num_sessions_acquired":0,"num_sessions_exhausted":0}',
    ],
    ["POST", "/v2/watchtower/client/sessions/terminate/AAAA", '{"status":""}'],
  ])("%s %s with an empty answer", async (method, path, text) => {
    harness = await startGateway({});
    const reply = await send(harness.port, method, path);
    expect([reply.status, reply.text]).toEqual([200, text]);
  });
});

describe("errors from the client: status from the code, lnd's envelope with the raw message", () => {
  const codes = Object.values(Code).filter((c): c is Code => typeof c === "number");
  test.each(codes.map((c) => [Code[c], c, httpStatusOf(c)] as const))("%s -> HTTP %i", async (_name, code, status) => {
    harness = await startGateway({
      stats: () => {
        throw new ConnectError("client session not found", code);
      },
    });
    const reply = await send(harness.port, "GET", "/v2/watchtower/client/stats");
    expect(reply.status).toBe(status);
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(reply.text).toBe(JSON.stringify({ code, message: "client session not found", details: [] }));
    expect(reply.headers["www-authenticate"]).toBe(
      code === Code.Unauthenticated ? "client session not found" : undefined,
    );
  });

  test("grpc-gateway v2.16's HTTPStatusFromCode", () => {
    const table = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];
    expect(table.map((_s, code) => httpStatusOf(code as Code))).toEqual(table);
    expect(httpStatusOf(99 as Code)).toBe(500);
  });

  test("any other failure is a 500 Unknown that tells nothing of the internals", async () => {
    const broken = {
      stats: () => Promise.reject(new TypeError("secret internals at /srv/x.js:1")),
    } as unknown as Client<typeof WatchtowerClient>;
    const gateway = createRestGateway({ client: broken });
    const port = await listen((req, res) => void gateway(req, res));
    const reply = await send(port, "GET", "/v2/watchtower/client/stats");
    expect([reply.status, reply.text]).toEqual([500, '{"code":2,"message":"internal error","details":[]}']);
  });
});

describe("writeLndError", () => {
  test.each([
    [404, Code.NotFound, "Not Found", 404, '{"code":5,"message":"Not Found","details":[]}', undefined],
    // the header carries the message's UTF-8 bytes (read back here as latin1), line breaks as spaces
    [
      401,
      Code.Unauthenticated,
      "bad\nmacaroon é",
      401,
      '{"code":16,"message":"bad\\nmacaroon é","details":[]}',
      "bad macaroon Ã©",
    ],
    // a message that is not UTF-8 cannot be marshalled by protojson: grpc-gateway's fallback
    [
      400,
      Code.InvalidArgument,
      "bad \udc80",
      500,
      '{"code": 13, "message": "failed to marshal error message"}',
      undefined,
    ],
  ])("%i %i %j", async (status, code, message, sentStatus, text, wwwAuthenticate) => {
    const port = await listen((_req, res) => writeLndError(res, status, code, message));
    const reply = await send(port, "GET", "/");
    expect([reply.status, reply.headers["content-type"], reply.text]).toEqual([sentStatus, "application/json", text]);
    expect(reply.headers["www-authenticate"]).toBe(wwwAuthenticate);
  });
});
