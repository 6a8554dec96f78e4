import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http2 from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  formatLndconnect,
  TerminateSessionRequestSchema,
  WtclientError,
} from "@wtclient/core";
import { startHttpService, type HttpService, type HttpServiceConfig, type TokenEntry } from "@wtclient/http";
import { demoKey, generateTlsPair, startLndSim, type LndSim, type TlsPair } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBuiltBin,
  findSecrets,
  macaroonSecrets,
  privateKeySecrets,
  runWtclient,
  type Secret,
} from "../src/index.js";
import { httpsRequest, rpcs, surfacesOf, type Outcome, type Surface } from "./rpc-surfaces.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wtclient-security-"));
const lnddir = join(dir, "lnd");
const token = (id: string, scope: "read" | "write") => {
  const value = randomBytes(24).toString("base64url");
  return { value, entry: { id, scope, sha256: createHash("sha256").update(value).digest("hex") } satisfies TokenEntry };
};
const reader = token("reader", "read");
const writer = token("writer", "write");
const stranger = token("stranger", "write");
const bearer = (t: { value: string }) => ({ authorization: `Bearer ${t.value}` });

/** Everything printed or answered during this file: service logs, CLI output, library errors, bodies. */
const printed: string[] = [];
const capture = () =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed.push(chunk.toString("utf8"));
      done();
    },
  });

let sim: LndSim;
let serviceTls: TlsPair;
let macaroons: { admin: Buffer; readonly: Buffer; invoice: Buffer };
const open: { service: HttpService; surfaces: Surface[] }[] = [];

/** wtclient-http over TLS in front of the double, logging everything at debug level into `printed`. */
async function startService(
  config: Partial<HttpServiceConfig>,
): Promise<{ service: HttpService; surfaces: Surface[] }> {
  const service = await startHttpService({
    listen: "127.0.0.1:0",
    tls: serviceTls,
    tokens: [reader.entry, writer.entry],
    lnd: { rpcserver: sim.rpcAddress, restserver: sim.restAddress, lnddir, network: "regtest" },
    logLevel: "debug",
    logDestination: capture(),
    ...config,
  });
  const handle = { service, surfaces: surfacesOf(service.url, serviceTls.cert, (text) => printed.push(text)) };
  open.push(handle);
  return handle;
}

beforeAll(async () => {
  sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
  serviceTls = await generateTlsPair({ host: "localhost" });
  macaroons = {
    admin: readFileSync(sim.macaroonPaths.admin),
    readonly: readFileSync(sim.macaroonPaths.readonly),
    invoice: readFileSync(sim.macaroonPaths.invoice),
  };
});
afterAll(async () => {
  for (const { service, surfaces } of open) {
    for (const s of surfaces) s.close();
    await service.close();
  }
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("auth cannot be bypassed (adds to apps/http/test/auth.test.ts: every surface, raw HTTP/2 paths, more overrides)", () => {
  let guarded: { service: HttpService; surfaces: Surface[] };
  beforeAll(async () => {
    guarded = await startService({ passthroughMacaroon: false });
  });

  // credentials that must reach no write; macaroons are refused outright: pass-through is off on this service
  const credentials: { name: string; headers: () => Record<string, string>; read: Outcome; write: Outcome }[] = [
    { name: "no credentials", headers: () => ({}), read: "Unauthenticated", write: "Unauthenticated" },
    { name: "an unknown token", headers: () => bearer(stranger), read: "Unauthenticated", write: "Unauthenticated" },
    { name: "a read token", headers: () => bearer(reader), read: "ok", write: "PermissionDenied" },
    {
      name: "a read token, lower-case scheme",
      headers: () => ({ authorization: `bearer ${reader.value}` }),
      read: "ok",
      write: "PermissionDenied",
    },
    {
      name: "the admin macaroon as `macaroon`",
      headers: () => ({ macaroon: macaroons.admin.toString("hex") }),
      read: "Unauthenticated",
      write: "Unauthenticated",
    },
    {
      name: "the admin macaroon as Grpc-Metadata-macaroon",
      headers: () => ({ "grpc-metadata-macaroon": macaroons.admin.toString("hex") }),
      read: "Unauthenticated",
      write: "Unauthenticated",
    },
    {
      name: "a read token with the admin macaroon",
      headers: () => ({ ...bearer(reader), macaroon: macaroons.admin.toString("hex") }),
      read: "Unauthenticated",
      write: "Unauthenticated",
    },
    {
      name: "a token in Grpc-Metadata-Authorization",
      headers: () => ({ "grpc-metadata-authorization": `Bearer ${writer.value}` }),
      read: "Unauthenticated",
      write: "Unauthenticated",
    },
  ];

  it("no credential but a write token reaches any write RPC on any surface, and lnd's state stays the same", async () => {
    const before = JSON.stringify(sim.model.snapshot());
    const got: Record<string, Outcome> = {};
    const want: Record<string, Outcome> = {};
    for (const surface of guarded.surfaces) {
      for (const cred of credentials) {
        for (const rpc of rpcs) {
          const label = `${surface.name} | ${cred.name} | ${rpc.name}`;
          got[label] = await surface.call(rpc, cred.headers());
          want[label] = rpc.write ? cred.write : cred.read;
        }
      }
    }
    expect(got).toEqual(want);
    expect(JSON.stringify(sim.model.snapshot())).toBe(before);
  });

  it("a write token reaches every RPC on every surface (the refusals above are the service's, not a broken surface)", async () => {
    const got: Record<string, Outcome> = {};
    for (const surface of guarded.surfaces)
      for (const rpc of rpcs) got[`${surface.name} | ${rpc.name}`] = await surface.call(rpc, bearer(writer));
    expect(Object.entries(got).filter(([, outcome]) => outcome !== "ok")).toEqual([]);
  });

  /**
   * One HTTP/2 request with exactly these pseudo-headers and headers (no client-side normalisation); the gRPC
   * status comes from the trailers, the headers (trailers-only), or gRPC-Web's trailer frame in the body.
   */
  async function rawH2(
    path: string,
    contentType: string,
    body: Uint8Array,
    headers: http2.OutgoingHttpHeaders,
  ): Promise<{ status: number; grpcStatus?: string }> {
    const session = http2.connect(guarded.service.url, { ca: serviceTls.cert });
    try {
      return await new Promise((resolve, reject) => {
        session.on("error", reject);
        const stream = session.request({
          ":method": "POST",
          ":path": path,
          "content-type": contentType,
          te: "trailers",
          ...headers,
        });
        let status = 0;
        let grpcStatus: string | undefined;
        const chunks: Buffer[] = [];
        stream.on("response", (h) => {
          status = Number(h[":status"]);
          grpcStatus = h["grpc-status"] as string | undefined;
        });
        stream.on("trailers", (t) => (grpcStatus = (t["grpc-status"] as string | undefined) ?? grpcStatus));
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("close", () => {
          const webTrailer = /grpc-status:\s*(\d+)/i.exec(Buffer.concat(chunks).toString("latin1"));
          grpcStatus ??= webTrailer?.[1];
          resolve({ status, ...(grpcStatus !== undefined ? { grpcStatus } : {}) });
        });
        stream.on("error", reject);
        stream.end(body);
      });
    } finally {
      session.close();
    }
  }

  const sessionId = Buffer.from(demoKey("session/beta/taproot"), "hex");
  const message = toBinary(TerminateSessionRequestSchema, create(TerminateSessionRequestSchema, { sessionId }));
  const grpcFrame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
  const jsonBody = Buffer.from(JSON.stringify({ sessionId: sessionId.toString("base64") }));
  const spellings = [
    "/wtclientrpc.WatchtowerClient/terminateSession",
    "/wtclientrpc.watchtowerclient/TerminateSession",
    "/WTCLIENTRPC.WATCHTOWERCLIENT/TERMINATESESSION",
    "/wtclientrpc.WatchtowerClient/TerminateSession/",
    "//wtclientrpc.WatchtowerClient/TerminateSession",
    "/wtclientrpc.WatchtowerClient//TerminateSession",
    "/./wtclientrpc.WatchtowerClient/TerminateSession",
    "/wtclientrpc.WatchtowerClient/Stats/../TerminateSession",
    "/wtclientrpc.WatchtowerClient/%54erminateSession",
    "/wtclientrpc.WatchtowerClient%2FTerminateSession",
    "/wtclientrpc.WatchtowerClient/TerminateSession?x=1",
    "/wtclientrpc.WatchtowerClient/TerminateSession;x",
    "/wtclientrpc.WatchtowerClient/TerminateSession%00",
  ];
  const protocols = [
    { name: "gRPC", contentType: "application/grpc", body: grpcFrame },
    { name: "gRPC-Web", contentType: "application/grpc-web+proto", body: grpcFrame },
    { name: "Connect JSON", contentType: "application/json", body: jsonBody },
  ];

  it("no spelling of a write RPC's path takes a read token to it, over raw HTTP/2", async () => {
    const before = JSON.stringify(sim.model.snapshot());
    const successes: string[] = [];
    for (const protocol of protocols) {
      // the exact path is refused with PermissionDenied, not as malformed: the requests are well formed
      const exact = "/wtclientrpc.WatchtowerClient/TerminateSession";
      const refused = protocol.name === "Connect JSON" ? { status: 403 } : { status: 200, grpcStatus: "7" };
      expect(await rawH2(exact, protocol.contentType, protocol.body, bearer(reader))).toEqual(refused);
      for (const path of spellings) {
        const r = await rawH2(path, protocol.contentType, protocol.body, bearer(reader));
        if (r.status === 200 && (r.grpcStatus === undefined || r.grpcStatus === "0"))
          successes.push(`${protocol.name} ${path} ${JSON.stringify(r)}`);
      }
    }
    expect(successes).toEqual([]);
    expect(JSON.stringify(sim.model.snapshot())).toBe(before);
  });

  // (an HTTP/2 client cannot send it twice: Node refuses, as a server must)
  it("two Authorization headers over HTTP/1.1, read first, are not a write token", async () => {
    const before = JSON.stringify(sim.model.snapshot());
    const path = `/v2/watchtower/client/sessions/terminate/${sessionId.toString("base64url")}`;
    const h1 = await httpsRequest(guarded.service.url, serviceTls.cert, {
      method: "POST",
      path,
      headers: { authorization: [`Bearer ${reader.value}`, `Bearer ${writer.value}`] },
    });
    // refused from the raw headers (Node would keep only the first)
    expect(h1.status).toBe(400);
    expect(JSON.stringify(sim.model.snapshot())).toBe(before);
  });

  const id = sessionId.toString("base64url");
  const overrides: { name: string; method: string; path: string; headers?: Record<string, string> }[] = [
    {
      name: "X-HTTP-Method",
      method: "POST",
      path: `/v2/watchtower/client/sessions/terminate/${id}`,
      headers: { "x-http-method": "GET" },
    },
    {
      name: "X-Method-Override",
      method: "POST",
      path: `/v2/watchtower/client/sessions/terminate/${id}`,
      headers: { "x-method-override": "GET" },
    },
    { name: "_method query", method: "POST", path: `/v2/watchtower/client/sessions/terminate/${id}?_method=GET` },
    {
      name: "GET with X-HTTP-Method-Override: DELETE",
      method: "GET",
      path: `/v2/watchtower/client/${Buffer.from(demoKey("tower/beta"), "hex").toString("base64url")}`,
      headers: { "x-http-method-override": "DELETE" },
    },
    {
      name: "GET with _method=DELETE",
      method: "GET",
      path: `/v2/watchtower/client/${Buffer.from(demoKey("tower/beta"), "hex").toString("base64url")}?_method=DELETE`,
    },
    {
      name: "Connect GET of a write RPC",
      method: "GET",
      path: `/wtclientrpc.WatchtowerClient/TerminateSession?connect=v1&encoding=json&message=${encodeURIComponent(jsonBody.toString())}`,
    },
    { name: "HEAD on a write route", method: "HEAD", path: `/v2/watchtower/client/sessions/terminate/${id}` },
    { name: "OPTIONS on a write route", method: "OPTIONS", path: `/v2/watchtower/client/sessions/terminate/${id}` },
    {
      name: "token in the query",
      method: "POST",
      path: `/v2/watchtower/client/sessions/terminate/${id}?access_token=${writer.value}`,
    },
  ];
  it.each(overrides)("a read token cannot write with $name", async (o) => {
    const before = JSON.stringify(sim.model.snapshot());
    const res = await httpsRequest(guarded.service.url, serviceTls.cert, {
      method: o.method,
      path: o.path,
      headers: { ...bearer(reader), ...o.headers },
    });
    expect(res.status < 200 || res.status >= 300).toBe(true);
    expect(JSON.stringify(sim.model.snapshot())).toBe(before);
  });
});

describe("no secret in any log line, error message, answer, metrics output or the OpenAPI document", () => {
  it("across every surface, credential and failure, the service's logs, the CLI and the library", async () => {
    const hex = {
      admin: macaroons.admin.toString("hex"),
      readonly: macaroons.readonly.toString("hex"),
      invoice: macaroons.invoice.toString("hex"),
    };
    const { service, surfaces } = await startService({ passthroughMacaroon: true });
    const credentials: Record<string, string>[] = [
      bearer(writer),
      bearer(reader),
      bearer(stranger),
      { "grpc-metadata-macaroon": hex.admin },
      { macaroon: hex.readonly },
      { "grpc-metadata-macaroon": hex.invoice },
      // a corrupted macaroon (the service refuses it itself), a token in the wrong scheme, a token with junk after it, both at once
      { "grpc-metadata-macaroon": `00${hex.admin.slice(2)}` },
      { authorization: `Basic ${writer.value}` },
      { authorization: `Bearer ${writer.value} ${reader.value}` },
      { ...bearer(writer), "grpc-metadata-macaroon": hex.admin },
    ];
    const calls = rpcs.filter((r) => ["Stats", "TerminateSession", "RemoveTower"].includes(r.name));
    const tour = async () => {
      for (const surface of surfaces)
        for (const headers of credentials) for (const rpc of calls) await surface.call(rpc, headers);
    };
    await tour();
    // lnd failing behind the service, over every surface
    for (const [fault, heal] of [
      [{ active: false }, { active: true }],
      [{ resetConnections: true }, { resetConnections: false }],
      [{ refuseConnections: true }, { refuseConnections: false }],
    ] as const) {
      await sim.setFaults(fault);
      for (const surface of surfaces)
        for (const headers of [bearer(writer), { macaroon: hex.admin }]) await surface.call(rpcs[6], headers);
      await sim.setFaults(heal);
    }
    await sim.setFaults({ latencyMs: 500 });
    const slow = await httpsRequest(service.url, serviceTls.cert, {
      method: "GET",
      path: "/v2/watchtower/client/stats",
      headers: { ...bearer(writer), "grpc-timeout": "100m" },
    });
    await sim.setFaults({ latencyMs: 0 });
    expect(slow.status).toBe(504);
    // the documents and probes, with and without credentials
    for (const path of [
      "/metrics",
      "/openapi.json",
      "/readyz",
      "/healthz",
      "/v1/doctor",
      `/nope?token=${writer.value}`,
    ]) {
      for (const headers of [{}, bearer(writer)])
        printed.push((await httpsRequest(service.url, serviceTls.cert, { method: "GET", path, headers })).text);
    }
    // a service whose lnd settings carry the macaroon (lndconnect) and cannot reach lnd
    const lndconnect = formatLndconnect({
      host: "127.0.0.1",
      port: 1,
      cert: readFileSync(sim.tlsCertPath, "utf8"),
      macaroon: macaroons.admin,
    });
    const unreachable = await startService({ lnd: { lndconnect, network: "regtest" } });
    printed.push(
      (await httpsRequest(unreachable.service.url, serviceTls.cert, { method: "GET", path: "/readyz" })).text,
    );
    for (const surface of unreachable.surfaces) await surface.call(rpcs[6], bearer(writer));

    // the CLI: every macaroon, and the failures a user meets
    const home = join(dir, "home");
    const other = await generateTlsPair();
    writeFileSync(join(dir, "other.cert"), other.cert);
    writeFileSync(join(dir, "garbage.macaroon"), `00${hex.admin.slice(2)}`);
    const base = ["--rpcserver", sim.rpcAddress, "--lnddir", lnddir, "--network", "regtest"];
    const session = demoKey("session/alpha/anchor");
    const runs = [
      ...(["admin", "readonly", "invoice"] as const).map((m) => [
        ...base,
        "--macaroonpath",
        sim.macaroonPaths[m],
        "session",
        "terminate",
        session,
      ]),
      [...base, "--macaroonpath", join(dir, "garbage.macaroon"), "stats"],
      [...base, "--tlscertpath", join(dir, "other.cert"), "stats"],
      [
        ...base,
        "--transport",
        "rest",
        "--restserver",
        sim.restAddress,
        "--tlscertpath",
        join(dir, "other.cert"),
        "stats",
      ],
      [...base, "--rpcserver", "127.0.0.1:1", "stats"],
      ["--lndconnect", lndconnect, "stats"],
      ["--lndconnect", `${lndconnect}&cert=broken`, "stats"],
      ["--lndconnect", lndconnect.replace("macaroon=", "macaroon=%%"), "stats"],
      ["--lndconnect", lndconnect, "--transport", "rest", "stats"],
      [...base, "doctor", "--json"],
      ["--help"],
    ];
    for (const args of runs) {
      const r = await runWtclient(args, home);
      printed.push(r.stdout, r.stderr);
    }

    // the library: both transports, every macaroon, a wrong cert, nothing listening
    const cert = readFileSync(sim.tlsCertPath);
    const attempts = [
      ...Object.values(macaroons).flatMap((macaroon) => [
        createLndGrpcTransport({ host: sim.rpcAddress, cert, macaroon }),
        createLndRestTransport({ host: sim.restAddress, cert, macaroon }),
      ]),
      createLndGrpcTransport({ host: sim.rpcAddress, cert: other.cert, macaroon: macaroons.admin }),
      createLndRestTransport({ host: sim.restAddress, cert: other.cert, macaroon: macaroons.admin }),
      createLndGrpcTransport({ host: "127.0.0.1:1", cert, macaroon: macaroons.admin }),
    ];
    for (const transport of attempts) {
      try {
        await createWatchtowerClient({ transport, retry: false }).terminateSession(session);
      } catch (e) {
        const err = e as WtclientError;
        printed.push(String(err), err.message, err.rawMessage, err.hint, String(err.cause), err.stack ?? "");
      } finally {
        await transport.close();
      }
    }
    for (const bad of [`00${hex.admin.slice(2)}`, `zz${hex.admin}`]) {
      try {
        createLndGrpcTransport({ host: sim.rpcAddress, cert, macaroon: bad });
      } catch (e) {
        printed.push(String(e), (e as Error).stack ?? "");
      }
    }

    const secrets: Secret[] = [
      ...(["admin", "readonly", "invoice"] as const).flatMap((m) => macaroonSecrets(`${m}.macaroon`, macaroons[m])),
      ...[reader, writer, stranger].map((t) => ({ name: `${t.entry.id} token`, value: t.value })),
      ...privateKeySecrets("the service's TLS key", serviceTls.key),
      ...privateKeySecrets("lnd's tls.key", readFileSync(sim.tlsKeyPath, "utf8")),
    ];
    const text = printed.join("\n");
    expect(findSecrets(text, secrets)).toEqual([]);
    expect(text).not.toMatch(/PRIVATE KEY/);
    // the scan did see what it is meant to: debug logs, audit lines, lnd's errors, the CLI, the documents
    const seen = [
      /"audit":true/,
      /permission denied/,
      /\[wtclient\] rpc error/,
      /"openapi":\s*"3\.1/,
      /# TYPE/,
      /cannot determine data format|unmarshal v2|verification failed|encoding\/hex|not hold a well-formed binary v2 macaroon/,
    ];
    expect(seen.filter((re) => !re.test(text)).map(String)).toEqual([]);
  });
});

describe("TLS verification of lnd cannot be turned off silently", () => {
  // a name or a description that would turn verification of lnd's certificate off
  const skipsName =
    /insecure|verif|skip|no-?tls|tls-?off|reject|unauthori[sz]ed|trust-?all|ignore-?cert|unsafe|allow-?self/i;
  const skipsHelp = /(skip|disabl|turn off|ignore|without|do not|don't|no)\W+(\w+\W+){0,3}(verif|check|validat)/i;

  /** [flag, its help line] for every --flag a --help text lists. */
  const flagsOf = (help: string): [string, string][] =>
    help
      .split("\n")
      .map((line) => /^\s+(?:-\w, )?--([a-z][\w.-]*)(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!.trim()]);

  it("no CLI flag, service flag or core option skips it, unless named insecure; and the insecure ones do not touch lnd's TLS", async () => {
    const cliHelp = (await runWtclient(["--help"], dir)).stdout;
    const serviceHelp = execFileSync(process.execPath, [ensureBuiltBin("apps/http"), "--help"], { encoding: "utf8" });
    const cliFlags = flagsOf(cliHelp);
    const serviceFlags = flagsOf(serviceHelp);
    expect(cliFlags.length).toBeGreaterThan(15);
    expect(serviceFlags.length).toBeGreaterThan(15);

    // the options of core's public types (names only; core has no other way to take settings)
    const coreDir = join(repoRoot, "packages/core/src");
    const coreSources = readdirSync(coreDir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => readFileSync(join(coreDir, f), "utf8"));
    const coreOptions: [string, string][] = coreSources.flatMap((source) =>
      [...source.matchAll(/export interface (\w*(?:Options|Flags|Settings))\b[^{]*\{([^}]*)\}/g)].flatMap((m) =>
        [...m[2]!.matchAll(/^\s*(?:readonly\s+)?(\w+)\??:/gm)].map((f): [string, string] => [`${m[1]}.${f[1]}`, ""]),
      ),
    );
    expect(coreOptions.map(([name]) => name)).toEqual(
      expect.arrayContaining(["LndTransportOptions.cert", "LndTransportOptions.servername", "LndFlags.tlscertpath"]),
    );

    const suspicious = [
      ...cliFlags.map(([n, h]) => [`wtclient --${n}`, h]),
      ...serviceFlags.map(([n, h]) => [`wtclient-http --${n}`, h]),
      ...coreOptions,
    ].filter(([name, help]) => skipsName.test(name!) || skipsHelp.test(help!));
    // only the service's two insecure flags look like it, and both are about its own listener (checked below)
    expect(suspicious.map(([name]) => name)).toEqual([
      "wtclient-http --insecure-no-auth",
      "wtclient-http --insecure-plaintext",
    ]);
    // nothing in the code switches Node's own verification off
    const appSources = ["packages/core/src", "apps/cli/src", "apps/http/src"].flatMap((d) =>
      readdirSync(join(repoRoot, d))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
        .map((f) => readFileSync(join(repoRoot, d, f), "utf8")),
    );
    const code = appSources.map((s) => s.replace(/^\s*\/\/.*$/gm, ""));
    expect(
      code.filter((s) => /rejectUnauthorized\s*:\s*false|checkServerIdentity|NODE_TLS_REJECT_UNAUTHORIZED/.test(s)),
    ).toEqual([]);

    // with each insecure flag on, a certificate that is not the pinned one still fails: none skips verification of
    // lnd, so none has to warn about it (one that did would need a warning on every start)
    const wrongCert = join(dir, "wrong-pin.cert");
    writeFileSync(wrongCert, (await generateTlsPair()).cert);
    const skipping: string[] = [];
    for (const [flag, config] of [
      ["--insecure-no-auth", { insecureNoAuth: true, tokens: [] }],
      ["--insecure-plaintext", { insecurePlaintext: true }],
    ] as const) {
      const { service } = await startService({
        ...config,
        tls: undefined,
        lnd: { rpcserver: sim.rpcAddress, lnddir, network: "regtest", tlscertpath: wrongCert },
      });
      const res = await fetch(`${service.url}/v2/watchtower/client/stats`, {
        headers: "insecureNoAuth" in config ? {} : bearer(writer),
      });
      const body = (await res.json()) as { code?: number; message?: string };
      printed.push(JSON.stringify(body));
      if (!(res.status === 500 && body.code === 13 && /self-signed certificate/.test(body.message ?? "")))
        skipping.push(`${flag}: ${res.status} ${JSON.stringify(body)}`);
    }
    expect(skipping).toEqual([]);
  });

  it("Node's NODE_TLS_REJECT_UNAUTHORIZED=0 does not switch the pin off", async () => {
    const wrongCert = join(dir, "wrong-pin-env.cert");
    writeFileSync(wrongCert, (await generateTlsPair()).cert);
    const outcomes: Record<string, string> = {};
    for (const transport of ["grpc", "rest"]) {
      const args = [
        "--rpcserver",
        sim.rpcAddress,
        "--restserver",
        sim.restAddress,
        "--lnddir",
        lnddir,
        "--network",
        "regtest",
        "--tlscertpath",
        wrongCert,
        "--transport",
        transport,
        "stats",
      ];
      const r = await runWtclient(args, dir, { NODE_TLS_REJECT_UNAUTHORIZED: "0" });
      const pinned = r.code === 1 && /certificate/.test(r.stderr);
      const warned = /NODE_TLS_REJECT_UNAUTHORIZED.*insecure/.test(r.stderr);
      outcomes[transport] = pinned
        ? "the pin holds"
        : warned
          ? "Node warns on stderr"
          : `silent: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`;
    }
    console.log(`NODE_TLS_REJECT_UNAUTHORIZED=0 with a wrong pinned cert: ${JSON.stringify(outcomes)}`);
    expect(outcomes).toEqual({ grpc: "the pin holds", rest: "the pin holds" });
  });
});
