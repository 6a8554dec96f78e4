import { toJson } from "@bufbuild/protobuf";
import { ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
  Http2SessionManager,
} from "@connectrpc/connect-node";
import { PolicyType, WatchtowerClient, createLndGrpcTransport } from "@wtclient/core";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startService, startSim, writeToken } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

type Rpc = Client<typeof WatchtowerClient>;
type Step = {
  name: string;
  run: (c: Rpc) => Promise<unknown>;
  out: (typeof WatchtowerClient.methods)[number]["output"];
};

const key = (label: string) => Buffer.from(demoKey(label), "hex");
const m = WatchtowerClient.method;

/** All eight RPCs, successes and lnd errors, in an order that changes state. */
const steps: Step[] = [
  { name: "Stats", run: (c) => c.stats({}), out: m.stats.output },
  { name: "Policy", run: (c) => c.policy({ policyType: PolicyType.ANCHOR }), out: m.policy.output },
  { name: "ListTowers", run: (c) => c.listTowers({ includeSessions: true }), out: m.listTowers.output },
  {
    name: "GetTowerInfo",
    run: (c) => c.getTowerInfo({ pubkey: key("tower/alpha"), includeSessions: true }),
    out: m.getTowerInfo.output,
  },
  {
    name: "TerminateSession",
    run: (c) => c.terminateSession({ sessionId: key("session/alpha/taproot") }),
    out: m.terminateSession.output,
  },
  {
    name: "TerminateSession unknown",
    run: (c) => c.terminateSession({ sessionId: key("session/none") }),
    out: m.terminateSession.output,
  },
  { name: "TerminateSession empty", run: (c) => c.terminateSession({}), out: m.terminateSession.output },
  {
    name: "DeactivateTower",
    run: (c) => c.deactivateTower({ pubkey: key("tower/beta") }),
    out: m.deactivateTower.output,
  },
  {
    name: "AddTower",
    run: (c) => c.addTower({ pubkey: key("tower/fresh-connect"), address: "192.0.2.5:9911" }),
    out: m.addTower.output,
  },
  { name: "RemoveTower", run: (c) => c.removeTower({ pubkey: key("tower/fresh-connect") }), out: m.removeTower.output },
  {
    name: "GetTowerInfo removed",
    run: (c) => c.getTowerInfo({ pubkey: key("tower/fresh-connect") }),
    out: m.getTowerInfo.output,
  },
  { name: "Stats after", run: (c) => c.stats({}), out: m.stats.output },
];

async function runSteps(client: Rpc): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const step of steps) {
    try {
      const msg = await step.run(client);
      results.push({ step: step.name, ok: toJson(step.out, msg as never) });
    } catch (e) {
      const err = ConnectError.from(e);
      results.push({ step: step.name, code: err.code, message: err.rawMessage });
    }
  }
  return results;
}

const withToken: Interceptor = (next) => (req) => {
  req.header.set("authorization", `Bearer ${writeToken.token}`);
  return next(req);
};

describe("Connect, gRPC-Web and gRPC answer like lnd's gRPC", () => {
  let reference: unknown[];
  const secrets: string[] = [writeToken.token];
  afterAll(() => expectNoSecrets(secrets));

  beforeAll(async () => {
    // what the double answers over its own gRPC listener, from its fresh demo state
    await using lnd = await startSim();
    const transport = createLndGrpcTransport({ host: lnd.sim.rpcAddress, cert: lnd.certPem, macaroon: lnd.adminHex });
    try {
      reference = await runSteps(createClient(WatchtowerClient, transport));
    } finally {
      await transport.close();
    }
    expect(reference.filter((r) => (r as { code?: number }).code !== undefined).length).toBe(3);
  });

  const surfaces: {
    name: string;
    protocol: string;
    tls: boolean;
    transport: (url: string, ca: string | undefined) => { transport: Transport; close(): void };
  }[] = [
    {
      name: "Connect over HTTP/1.1, plaintext",
      protocol: "connect",
      tls: false,
      transport: (baseUrl) => ({
        transport: createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [withToken] }),
        close: () => undefined,
      }),
    },
    {
      name: "gRPC-Web over HTTP/1.1, plaintext",
      protocol: "grpc-web",
      tls: false,
      transport: (baseUrl) => ({
        transport: createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors: [withToken] }),
        close: () => undefined,
      }),
    },
    {
      name: "gRPC over HTTP/2, TLS",
      protocol: "grpc",
      tls: true,
      transport: (baseUrl, ca) => {
        const sessionManager = new Http2SessionManager(baseUrl, {}, { ca });
        return {
          transport: createGrpcTransport({ baseUrl, sessionManager, interceptors: [withToken] }),
          close: () => sessionManager.abort(),
        };
      },
    },
    {
      name: "Connect over HTTP/2, TLS",
      protocol: "connect",
      tls: true,
      transport: (baseUrl, ca) => {
        const sessionManager = new Http2SessionManager(baseUrl, {}, { ca });
        return {
          transport: createConnectTransport({ baseUrl, httpVersion: "2", sessionManager, interceptors: [withToken] }),
          close: () => sessionManager.abort(),
        };
      },
    },
    {
      name: "Connect over HTTP/1.1, TLS",
      protocol: "connect",
      tls: true,
      transport: (baseUrl, ca) => ({
        transport: createConnectTransport({
          baseUrl,
          httpVersion: "1.1",
          nodeOptions: { ca },
          interceptors: [withToken],
        }),
        close: () => undefined,
      }),
    },
  ];

  it.each(surfaces)("$name", async (surface) => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags, tlsSelfSigned: surface.tls });
    expect(service.url.startsWith(surface.tls ? "https://" : "http://")).toBe(true);
    const { transport, close } = surface.transport(service.url, service.service.tlsCert);
    try {
      expect(await runSteps(createClient(WatchtowerClient, transport))).toEqual(reference);
    } finally {
      close();
    }
    // the audit lines name the protocol the caller used
    const seen = new Set(
      service.log
        .records()
        .filter((r) => r.audit === true)
        .map((r) => r.surface),
    );
    expect([...seen]).toEqual([surface.protocol]);
  });

  describe("the REST surface over TLS", () => {
    let lnd: Awaited<ReturnType<typeof startSim>>;
    let service: Awaited<ReturnType<typeof startService>>;
    beforeAll(async () => {
      lnd = await startSim();
      service = await startService({ lnd: lnd.flags, tlsSelfSigned: true });
    });
    afterAll(async () => {
      await service?.[Symbol.asyncDispose]();
      await lnd?.[Symbol.asyncDispose]();
    });

    it("serves lnd's REST with the generated self-signed leaf certificate", async () => {
      const { X509Certificate } = await import("node:crypto");
      const cert = new X509Certificate(service.service.tlsCert!);
      expect(cert.subject).toBe("CN=127.0.0.1");
      expect(cert.ca).toBe(false);
      expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      expect(cert.subjectAltName).toContain("IP Address:127.0.0.1");
      const { request } = await import("./harness.js");
      const res = await request(`${service.url}/v2/watchtower/client/stats`, {
        headers: bearer(writeToken.token),
        ca: service.service.tlsCert!,
      });
      expect(res.status).toBe(200);
      expect(Object.keys(res.json as object)).toEqual([
        "num_backups",
        "num_pending_backups",
        "num_failed_backups",
        "num_sessions_acquired",
        "num_sessions_exhausted",
      ]);
    });
  });
});
