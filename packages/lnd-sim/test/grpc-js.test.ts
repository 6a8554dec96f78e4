import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureSeed } from "../src/index.js";
import { loadCapture } from "./fixtures.js";
import { startTestSim, type TestSim } from "./sim-harness.js";

const protoPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../../proto/wtclientrpc/wtclient.proto");
const { inputs } = loadCapture();

type Callback = (error: grpc.ServiceError | null, response?: Record<string, unknown>) => void;
type UnaryMethod = (request: Record<string, unknown>, callback: Callback) => void;
type GrpcJsClient = grpc.Client & Record<string, UnaryMethod>;

/** A plain @grpc/grpc-js client as node apps talk to lnd: pinned cert plus the macaroon as call metadata. */
function grpcJsClient(t: TestSim, macaroonHex: string): GrpcJsClient {
  const definition = loadSync(protoPath, { keepCase: true, longs: String, defaults: true, bytes: Buffer });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    wtclientrpc: { WatchtowerClient: grpc.ServiceClientConstructor };
  };
  const macaroon = grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new grpc.Metadata();
    metadata.add("macaroon", macaroonHex);
    callback(null, metadata);
  });
  const credentials = grpc.credentials.combineChannelCredentials(
    grpc.credentials.createSsl(Buffer.from(t.cert)),
    macaroon,
  );
  // dial by name: the cert lists localhost, and grpc-js warns when the TLS server name is an IP
  const port = t.sim.rpcAddress.slice(t.sim.rpcAddress.lastIndexOf(":") + 1);
  return new pkg.wtclientrpc.WatchtowerClient(`localhost:${port}`, credentials) as GrpcJsClient;
}

function call(
  client: GrpcJsClient,
  method: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    client[method]!.call(client, request, (error, response) => (error ? reject(error) : resolvePromise(response!)));
  });
}

describe("@grpc/grpc-js + proto-loader against the double", () => {
  let t: TestSim;
  let admin: GrpcJsClient;
  let readonly: GrpcJsClient;
  beforeAll(async () => {
    t = await startTestSim({ seed: captureSeed(inputs) });
    admin = grpcJsClient(t, t.macaroons.admin);
    readonly = grpcJsClient(t, t.macaroons.readonly);
  });
  afterAll(async () => {
    admin.close();
    readonly.close();
    await t[Symbol.asyncDispose]();
  });

  it("TerminateSession answers lnd's status", async () => {
    const id = inputs.session_ids[0]!;
    expect(await call(admin, "TerminateSession", { session_id: Buffer.from(id, "hex") })).toEqual({
      status: `Successful termination of session: ${id}`,
    });
  });

  it.each([
    ["an unknown session", inputs.unknown_point, "client session not found"],
    [
      "a point off the curve",
      inputs.not_on_curve,
      `invalid public key: x coordinate ${"05".repeat(32)} is not on the secp256k1 curve`,
    ],
    ["an empty id", "", "malformed public key: invalid length: 0"],
  ])("TerminateSession with %s fails with UNKNOWN and lnd's text", async (_name, hex, details) => {
    await expect(call(admin, "TerminateSession", { session_id: Buffer.from(hex, "hex") })).rejects.toMatchObject({
      code: grpc.status.UNKNOWN,
      details,
    });
  });

  it("a readonly macaroon may not terminate", async () => {
    await expect(
      call(readonly, "TerminateSession", { session_id: Buffer.from(inputs.session_ids[1]!, "hex") }),
    ).rejects.toMatchObject({
      code: grpc.status.UNKNOWN,
      details: "permission denied",
    });
  });

  it("ListTowers returns the tower with three session_info entries (proto names, enums as numbers, bytes as Buffer)", async () => {
    const { towers } = (await call(readonly, "ListTowers", { include_sessions: true })) as {
      towers: Array<Record<string, unknown>>;
    };
    expect(towers).toHaveLength(1);
    const tower = towers[0]!;
    expect((tower.pubkey as Buffer).toString("hex")).toBe(inputs.tower_pubkey);
    expect(tower.addresses).toEqual(["127.0.0.1:9912"]);
    const info = tower.session_info as Array<{
      policy_type: number;
      num_sessions: number;
      sessions: Array<{ id: Buffer }>;
    }>;
    // LEGACY = 0, ANCHOR = 1, TAPROOT = 2
    expect(info.map((i) => [i.policy_type, i.num_sessions])).toEqual([
      [0, 2],
      [1, 2],
      [2, 1],
    ]);
    expect(info.flatMap((i) => i.sessions.map((s) => s.id.toString("hex"))).sort()).toEqual(
      [...inputs.session_ids].sort(),
    );
  });

  it("Stats answers lnd's counters", async () => {
    expect(await call(readonly, "Stats", {})).toEqual({
      num_backups: 0,
      num_pending_backups: 0,
      num_failed_backups: 0,
      num_sessions_acquired: 0,
      num_sessions_exhausted: 0,
    });
  });
});
