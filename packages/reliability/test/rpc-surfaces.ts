import { Agent, request } from "node:https";
import { Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
  Http2SessionManager,
} from "@connectrpc/connect-node";
import { PolicyType, WatchtowerClient } from "@wtclient/core";
import { demoKey } from "@wtclient/lnd-sim";

const key = (label: string) => Buffer.from(demoKey(label), "hex");
const pathKey = (label: string) => key(label).toString("base64url");

/** Every RPC once: its scope, the call on a connect client, and the same request on lnd's REST routes. */
export const rpcs = [
  {
    name: "AddTower",
    write: true,
    call: (c: Rpc) => c.addTower({ pubkey: key("tower/security-fresh"), address: "192.0.2.44:9911" }),
    rest: {
      method: "POST",
      path: "/v2/watchtower/client",
      body: JSON.stringify({ pubkey: key("tower/security-fresh").toString("base64"), address: "192.0.2.44:9911" }),
    },
  },
  {
    name: "RemoveTower",
    write: true,
    call: (c: Rpc) => c.removeTower({ pubkey: key("tower/security-fresh") }),
    rest: { method: "DELETE", path: `/v2/watchtower/client/${pathKey("tower/security-fresh")}` },
  },
  {
    name: "DeactivateTower",
    write: true,
    call: (c: Rpc) => c.deactivateTower({ pubkey: key("tower/alpha") }),
    rest: { method: "POST", path: `/v2/watchtower/client/tower/deactivate/${pathKey("tower/alpha")}` },
  },
  {
    name: "TerminateSession",
    write: true,
    call: (c: Rpc) => c.terminateSession({ sessionId: key("session/alpha/legacy") }),
    rest: { method: "POST", path: `/v2/watchtower/client/sessions/terminate/${pathKey("session/alpha/legacy")}` },
  },
  {
    name: "ListTowers",
    write: false,
    call: (c: Rpc) => c.listTowers({ includeSessions: true }),
    rest: { method: "GET", path: "/v2/watchtower/client?include_sessions=true" },
  },
  {
    name: "GetTowerInfo",
    write: false,
    call: (c: Rpc) => c.getTowerInfo({ pubkey: key("tower/alpha") }),
    rest: { method: "GET", path: `/v2/watchtower/client/info/${pathKey("tower/alpha")}` },
  },
  {
    name: "Stats",
    write: false,
    call: (c: Rpc) => c.stats({}),
    rest: { method: "GET", path: "/v2/watchtower/client/stats" },
  },
  {
    name: "Policy",
    write: false,
    call: (c: Rpc) => c.policy({ policyType: PolicyType.ANCHOR }),
    rest: { method: "GET", path: "/v2/watchtower/client/policy?policy_type=ANCHOR" },
  },
] as const;

type Rpc = ReturnType<typeof createClient<typeof WatchtowerClient>>;
export type RpcSpec = (typeof rpcs)[number];
/** "ok", or the code's name (Unauthenticated, PermissionDenied, ...) */
export type Outcome = string;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTPS/1.1 request to the service, trusting only its certificate. */
export function httpsRequest(
  url: string,
  ca: string,
  init: { method: string; path: string; headers?: Record<string, string | string[]>; body?: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(init.path, url),
      { method: init.method, headers: init.headers ?? {}, ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

const restOutcome: Record<number, Outcome> = { 200: "ok", 401: "Unauthenticated", 403: "PermissionDenied" };

/** One way in to the service: all eight RPCs, called with the given headers. */
export interface Surface {
  readonly name: string;
  call(rpc: RpcSpec, headers: Record<string, string>): Promise<Outcome>;
  close(): void;
}

const withHeaders =
  (headers: Record<string, string>): Interceptor =>
  (next) =>
  (req) => {
    for (const [k, v] of Object.entries(headers)) req.header.set(k, v);
    return next(req);
  };

function connectSurface(
  name: string,
  sink: (text: string) => void,
  transport: (interceptors: Interceptor[]) => Transport,
  close: () => void = () => undefined,
): Surface {
  // one client per set of headers, so calls with the same credentials share connections
  const clients = new Map<string, Rpc>();
  const clientFor = (headers: Record<string, string>): Rpc => {
    const key = JSON.stringify(headers);
    let client = clients.get(key);
    if (client === undefined)
      clients.set(key, (client = createClient(WatchtowerClient, transport([withHeaders(headers)]))));
    return client;
  };
  return {
    name,
    call: (rpc, headers) =>
      rpc.call(clientFor(headers)).then(
        () => "ok",
        (e: unknown) => {
          const err = ConnectError.from(e);
          sink(`${err.message} ${JSON.stringify([...err.metadata])}`);
          return Code[err.code];
        },
      ),
    close,
  };
}

/** The five ways in of a TLS service: lnd's REST, Connect over HTTP/1.1 and HTTP/2, gRPC-Web, gRPC; error texts go to `sink`. */
export function surfacesOf(baseUrl: string, ca: string, sink: (text: string) => void = () => undefined): Surface[] {
  const h2 = new Http2SessionManager(baseUrl, {}, { ca });
  const h2grpc = new Http2SessionManager(baseUrl, {}, { ca });
  // kept-alive HTTP/1.1 connections for Connect and gRPC-Web (no TLS handshake per call)
  const agent = new Agent({ keepAlive: true, ca });
  return [
    {
      name: "REST",
      call: async (rpc, headers) => {
        const body = "body" in rpc.rest ? rpc.rest.body : undefined;
        const res = await httpsRequest(baseUrl, ca, {
          ...rpc.rest,
          headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
          ...(body !== undefined ? { body } : {}),
        });
        if (res.status !== 200) sink(`${JSON.stringify(res.headers)} ${res.text}`);
        return restOutcome[res.status] ?? `HTTP ${res.status}`;
      },
      close: () => undefined,
    },
    connectSurface(
      "Connect over HTTP/1.1",
      sink,
      (interceptors) => createConnectTransport({ baseUrl, httpVersion: "1.1", nodeOptions: { agent }, interceptors }),
      () => agent.destroy(),
    ),
    connectSurface(
      "Connect over HTTP/2",
      sink,
      (interceptors) => createConnectTransport({ baseUrl, httpVersion: "2", sessionManager: h2, interceptors }),
      () => h2.abort(),
    ),
    connectSurface("gRPC-Web", sink, (interceptors) =>
      createGrpcWebTransport({ baseUrl, httpVersion: "1.1", nodeOptions: { agent }, interceptors }),
    ),
    connectSurface(
      "gRPC",
      sink,
      (interceptors) => createGrpcTransport({ baseUrl, sessionManager: h2grpc, interceptors }),
      () => h2grpc.abort(),
    ),
  ];
}
