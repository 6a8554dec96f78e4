import { fromJson, toJson, type DescMessage, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { WatchtowerClient } from "@wtclient/core";
import { hexToBytes } from "@wtclient/core/internal";
import { importMacaroon } from "macaroon";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureSeed, type SimSeed } from "../src/index.js";
import { canonical, fromHexObjects, fromLncliHex } from "./capture-json.js";
import { loadCapture, loadLncliCases, type Capture, type LncliCases } from "./fixtures.js";
import { startTestSim, type TestSim } from "./sim-harness.js";

const capture = loadCapture();
const seed = captureSeed(capture.inputs);
type MethodName = keyof typeof WatchtowerClient.method;
type Outcome = { ok: true; body: JsonValue } | { ok: false; code: number; message: string };

/** Every replayed exchange and whether the double answered exactly as lnd did. */
const results: Array<{ label: string; matched: boolean }> = [];

function lowerFirst(name: string): MethodName {
  return (name[0]!.toLowerCase() + name.slice(1)) as MethodName;
}

/** Call one RPC over gRPC; the answer in lnd's REST JSON form, or the error. */
async function callGrpc(
  t: TestSim,
  macaroonHex: string | undefined,
  method: MethodName,
  request: JsonValue,
): Promise<Outcome> {
  const desc = WatchtowerClient.method[method];
  const input: DescMessage = desc.input;
  const output: DescMessage = desc.output;
  const call = t.grpc(macaroonHex)[method] as (req: unknown) => Promise<never>;
  try {
    const response = await call(fromJson(input, request));
    return { ok: true, body: canonical(output, toJson(output, response)) };
  } catch (e) {
    if (!(e instanceof ConnectError)) throw e;
    return { ok: false, code: e.code, message: e.rawMessage };
  }
}

/** The arguments lncli takes per command (min, max) and how many flags at most; otherwise it shows help. */
const lncliShapes: Record<string, readonly [number, number, number]> = {
  add: [1, 1, 0],
  remove: [1, 1, 0],
  deactivate: [1, 1, 0],
  towers: [0, 0, 2],
  tower: [1, 1, 2],
  stats: [0, 0, 0],
  policy: [0, 0, 1],
  terminate: [0, 1, 0],
};

/** What `lncli wtclient ...` sends, or undefined when lncli answers itself (help, bad hex, no `@`). */
function lncliRequest(args: readonly string[]): { method: MethodName; request: JsonObject } | undefined {
  const [, , group, ...more] = args;
  const command = group === "session" ? more.shift() : group;
  const flags = more.filter((a) => a.startsWith("--"));
  const positional = more.filter((a) => !a.startsWith("--"));
  const shape = lncliShapes[command ?? ""];
  if (shape === undefined) throw new Error(`unhandled lncli command ${args.join(" ")}`);
  if (positional.length < shape[0] || positional.length > shape[1] || flags.length > shape[2]) return undefined;
  const hexOk = (hex: string): boolean => {
    try {
      hexToBytes(hex);
      return true;
    } catch {
      return false;
    }
  };
  const b64 = (hex: string): string => Buffer.from(hex, "hex").toString("base64");
  const sessionFlags = {
    include_sessions: flags.includes("--include_sessions"),
    exclude_exhausted_sessions: flags.includes("--exclude_exhausted_sessions"),
  };
  // lncli's precedence: anchor > legacy > taproot, default legacy
  const policyType = flags.includes("--anchor")
    ? "ANCHOR"
    : flags.includes("--taproot") && !flags.includes("--legacy")
      ? "TAPROOT"
      : "LEGACY";
  const [first = ""] = positional;
  const [pubkey = "", address, ...extra] = first.split("@");
  if (!hexOk(command === "add" || command === "remove" ? pubkey : first)) return undefined;
  switch (command) {
    case "towers":
      return { method: "listTowers", request: sessionFlags };
    case "tower":
      return { method: "getTowerInfo", request: { pubkey: b64(first), ...sessionFlags } };
    case "stats":
      return { method: "stats", request: {} };
    case "policy":
      return { method: "policy", request: { policy_type: policyType } };
    case "deactivate":
      return { method: "deactivateTower", request: { pubkey: b64(first) } };
    case "terminate":
      return { method: "terminateSession", request: { session_id: b64(first) } };
    case "add":
      return address !== undefined && extra.length === 0
        ? { method: "addTower", request: { pubkey: b64(pubkey), address } }
        : undefined;
    default:
      return extra.length === 0
        ? { method: "removeTower", request: { pubkey: b64(pubkey), address: address ?? "" } }
        : undefined;
  }
}

/** lncli's recorded result as an Outcome: JSON on stdout, or `rpc error: code = Unknown desc = ...`. */
function lncliOutcome(entry: { exit_code: number; stdout: string; stderr: string }, method: MethodName): Outcome {
  if (entry.exit_code === 0) {
    const output: DescMessage = WatchtowerClient.method[method].output;
    return { ok: true, body: canonical(output, fromLncliHex(JSON.parse(entry.stdout) as JsonValue)) };
  }
  const m = /^\[lncli\] rpc error: code = Unknown desc = (.*)\n$/s.exec(entry.stderr);
  if (!m) throw new Error(`not an RPC error: ${entry.stderr}`);
  return { ok: false, code: 2, message: m[1]! };
}

function record(label: string, actual: unknown, expected: unknown): void {
  const matched = isDeepStrictEqual(actual, expected);
  results.push({ label, matched });
  expect(actual, label).toEqual(expected);
}

/** The lncli entries that reached lnd (the rest failed inside lncli, e.g. on bad hex). */
function rpcsOf(entries: Capture["lncli"]) {
  return entries.map((e, i) => ({ ...e, i, rpc: lncliRequest(e.args) })).filter((e) => e.rpc !== undefined);
}
const lncliRpcs = rpcsOf(capture.lncli);
const inactiveRpcs = rpcsOf(capture.inactive_client.lncli);

describe("replay of a real lnd v0.19.3 (capture.json), in recorded order", () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim({ seed });
    // a new cert and macaroons: seconds on a busy machine
  }, 60_000);
  afterAll(async () => {
    await t[Symbol.asyncDispose]();
  });

  it.each(lncliRpcs)("lncli #$i $args", async (entry) => {
    const { method, request } = entry.rpc!;
    const actual = await callGrpc(t, t.macaroons.admin, method, request);
    record(`lncli #${entry.i} ${entry.args.slice(2).join(" ")}`, actual, lncliOutcome(entry, method));
  });

  // The REST entries do not name their macaroon; the answers do: none, a non-hex value, readonly then invoice.
  let permissionDenied = 0;
  const restMacaroon = (body: unknown): string | undefined => {
    const message = (body as { message?: string } | undefined)?.message;
    if (message === "expected 1 macaroon, got 0") return undefined;
    if (message === "encoding/hex: invalid byte: U+007A 'z'") return "zz";
    if (message === "permission denied") return permissionDenied++ === 0 ? t.macaroons.readonly : t.macaroons.invoice;
    return t.macaroons.admin;
  };

  it.each(capture.rest.map((e, i) => ({ ...e, i })))("REST #$i $method $path", async (entry) => {
    const answer = await t.rest(entry.method, entry.path, restMacaroon(entry.body), entry.request_body);
    const output = restOutput(entry.method, entry.path);
    const shape = (body: unknown): unknown =>
      entry.status === 200 && output !== undefined ? canonical(output, body as JsonValue) : body;
    const actual = { status: answer.status, contentType: answer.contentType, body: shape(answer.body) };
    const expected = { status: entry.status, contentType: entry.content_type, body: shape(entry.body) };
    record(`REST #${entry.i} ${entry.method} ${entry.path}`, actual, expected);
  });

  it.each(capture.grpc.map((e, i) => ({ ...e, i })))("gRPC #$i $method ($case)", async (entry) => {
    const macaroonHex = entry.macaroon === "none" ? undefined : t.macaroons[entry.macaroon];
    const method = lowerFirst(entry.method);
    const expected: Outcome = entry.error
      ? { ok: false, code: entry.error.code, message: entry.error.details }
      : {
          ok: true,
          body: canonical(WatchtowerClient.method[method].output, fromHexObjects(entry.response as JsonValue)),
        };
    const actual = await callGrpc(t, macaroonHex, method, fromHexObjects(entry.request as JsonValue));
    record(`gRPC #${entry.i} ${entry.method} (${entry.case})`, actual, expected);
  });

  it.each(capture.macaroon_checks.cases.map((c, i) => ({ ...c, i })))("macaroon check #$i $macaroon", async (check) => {
    const answer = await t.rest(
      "GET",
      "/v2/watchtower/client/stats",
      caveatedMacaroon(t.macaroons.admin, check.macaroon),
      null,
    );
    // the capture keeps the bodies of failures only
    const actual = { status: answer.status, body: answer.status === 200 ? undefined : answer.body };
    record(`macaroon #${check.i} ${check.macaroon}`, actual, { status: check.status, body: check.body });
  });
});

describe("replay of the inactive client (lnd without --wtclient.active)", () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim({ seed, active: false });
  }, 60_000);
  afterAll(async () => {
    await t[Symbol.asyncDispose]();
  });

  it.each(inactiveRpcs)("lncli #$i $args", async (entry) => {
    const { method, request } = entry.rpc!;
    const actual = await callGrpc(t, t.macaroons.admin, method, request);
    record(`inactive lncli #${entry.i} ${entry.args.slice(2).join(" ")}`, actual, lncliOutcome(entry, method));
  });

  it.each(capture.inactive_client.rest.map((e, i) => ({ ...e, i })))("REST #$i $method $path", async (entry) => {
    const answer = await t.rest(entry.method, entry.path, t.macaroons.admin, null);
    const label = `inactive REST #${entry.i} ${entry.method} ${entry.path}`;
    record(label, { status: answer.status, body: answer.body }, { status: entry.status, body: entry.body });
  });
});

/** The recorded node's tower and sessions, each session with the tower client that negotiated it. */
function lncliCasesSeed(inputs: LncliCases["inputs"]): SimSeed {
  const client = { LEGACY: "legacy", ANCHOR: "anchor", TAPROOT: "taproot" } as const;
  return {
    towers: [
      {
        pubkey: inputs.tower_pubkey,
        addresses: inputs.tower_addresses,
        sessions: inputs.sessions.map((s) => ({ id: s.id, client: client[s.policy_type] })),
      },
    ],
  };
}

const lncliCases = loadLncliCases();
const recordedRpcs = lncliCases.runs
  .map((e, i) => ({ ...e, i, rpc: lncliRequest(e.args) }))
  .filter((e) => e.rpc !== undefined);

describe("replay of the real-lncli parity cases (lncli-cases.json), in recorded order", () => {
  const nodes: Partial<Record<"client" | "inactive", TestSim>> = {};
  beforeAll(async () => {
    const seed = lncliCasesSeed(lncliCases.inputs);
    nodes.client = await startTestSim({ seed });
    // the recorded node negotiated its sessions after it started (see the fixture's notes); the double never negotiates
    nodes.client.sim.model.stats.numSessionsAcquired = lncliCases.inputs.sessions.length;
    nodes.inactive = await startTestSim({ seed, active: false });
  }, 60_000);
  afterAll(async () => {
    for (const t of Object.values(nodes)) await t[Symbol.asyncDispose]();
  });

  it.each(recordedRpcs)("#$i $case: $args", async (entry) => {
    const t = nodes[entry.node]!;
    const { method, request } = entry.rpc!;
    const actual = await callGrpc(
      t,
      entry.macaroon === "none" ? undefined : t.macaroons[entry.macaroon],
      method,
      request,
    );
    record(`lncli-cases #${entry.i} ${entry.case}`, actual, lncliOutcome(entry, method));
  });
});

afterAll(() => {
  const matched = results.filter((r) => r.matched).length;
  const local =
    capture.lncli.length -
    lncliRpcs.length +
    capture.inactive_client.lncli.length -
    inactiveRpcs.length +
    lncliCases.runs.length -
    recordedRpcs.length;
  console.log(`replay: ${matched} of ${results.length} exchanges matched`);
  console.log(`  (${local} lncli entries are answered by lncli itself, help or a local error, and are not replayed)`);
  for (const r of results.filter((x) => !x.matched)) console.log(`  mismatch: ${r.label}`);
});

/** The response schema of a REST route, by the capture's method and path. */
function restOutput(method: string, path: string): DescMessage | undefined {
  const p = path.split("?")[0]!;
  const table: Array<[string, RegExp, MethodName]> = [
    ["POST", /^\/v2\/watchtower\/client$/, "addTower"],
    ["DELETE", /^\/v2\/watchtower\/client\/[^/]+$/, "removeTower"],
    ["POST", /^\/v2\/watchtower\/client\/tower\/deactivate\//, "deactivateTower"],
    ["POST", /^\/v2\/watchtower\/client\/sessions\/terminate\//, "terminateSession"],
    ["GET", /^\/v2\/watchtower\/client$/, "listTowers"],
    ["GET", /^\/v2\/watchtower\/client\/info\//, "getTowerInfo"],
    ["GET", /^\/v2\/watchtower\/client\/stats$/, "stats"],
    ["GET", /^\/v2\/watchtower\/client\/policy$/, "policy"],
  ];
  const hit = table.find(([m, re]) => m === method && re.test(p));
  return hit === undefined ? undefined : WatchtowerClient.method[hit[2]].output;
}

/** Build the macaroon a capture case describes from the double's admin macaroon (caveats via the npm library). */
function caveatedMacaroon(adminHex: string, description: string): string {
  const raw = /^hex ([0-9a-f]+)$/.exec(description);
  if (raw) return raw[1]!;
  const admin = new Uint8Array(Buffer.from(adminHex, "hex"));
  if (description.includes("signature byte flipped")) {
    admin[admin.length - 1] = admin[admin.length - 1]! ^ 0xff;
    return Buffer.from(admin).toString("hex");
  }
  const caveat = /caveat '([^']+)'/.exec(description)?.[1];
  if (caveat === undefined) throw new Error(`unknown macaroon case: ${description}`);
  const mac = importMacaroon(admin);
  mac.addFirstPartyCaveat(caveat.replace("<now+60s RFC3339>", new Date(Date.now() + 60_000).toISOString()));
  return Buffer.from(mac.exportBinary()).toString("hex");
}
