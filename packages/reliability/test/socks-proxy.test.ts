import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import {
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  formatLndconnect,
  WtclientError,
  type LndTransportOptions,
} from "@wtclient/core";
import { generateTlsPair, startLndSim, type LndSim } from "@wtclient/lnd-sim";
import {
  dantedMissing,
  findDanted,
  freePort,
  startDanted,
  startSocksFront,
  type Danted,
} from "@wtclient/socks-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureCertPem, runWtclient, spawnHttpService } from "../src/index.js";

// an onion service's name (v3: 56 base32 characters); only the proxies of these tests know where it is
const onion = `wtclientsockstest${"a".repeat(39)}.onion`;

const transports = [
  { kind: "grpc" as const, create: createLndGrpcTransport, address: (sim: LndSim) => sim.rpcAddress },
  { kind: "rest" as const, create: createLndRestTransport, address: (sim: LndSim) => sim.restAddress },
];

const portOf = (address: string) => Number(address.split(":").pop());
/** The double under a name, `localhost:<port>`, that only the proxy resolves. */
const byName = (address: string) => `localhost:${portOf(address)}`;

/** The failure of one Stats call (no retries), as the WtclientError a caller gets. */
async function failureOf(kind: "grpc" | "rest", options: LndTransportOptions): Promise<WtclientError> {
  await using transport = (kind === "grpc" ? createLndGrpcTransport : createLndRestTransport)(options);
  try {
    await createWatchtowerClient({ transport, retry: false }).stats();
  } catch (e) {
    return WtclientError.from(e);
  }
  throw new Error("the call went through");
}

let home: string;
let sim: LndSim;
let cert: string;
let macaroon: Buffer;
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "wtclient-socks-"));
  // lnd's cert names its onion address when lnd runs with --tlsextradomain=<onion>, as the README advises
  const lnddir = join(home, "lnd");
  mkdirSync(lnddir, { recursive: true });
  const pair = await generateTlsPair({ extraDomains: [onion] });
  writeFileSync(join(lnddir, "tls.cert"), pair.cert);
  writeFileSync(join(lnddir, "tls.key"), pair.key, { mode: 0o600 });
  sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
  cert = readFileSync(sim.tlsCertPath, "utf8");
  macaroon = readFileSync(sim.macaroonPaths.admin);
});
afterAll(async () => {
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

const noDanted = findDanted() === undefined;

describe.skipIf(noDanted)(
  noDanted ? `through danted: ${dantedMissing}` : "through danted (Debian's SOCKS5 server)",
  () => {
    let danted: Danted;
    let refusing: Danted;
    beforeAll(async () => {
      danted = await startDanted();
      refusing = await startDanted({ refusePorts: [portOf(sim.rpcAddress), portOf(sim.restAddress)] });
    });
    afterAll(async () => {
      await danted?.close();
      await refusing?.close();
    });

    describe.each(transports)("the library over $kind", ({ kind, create, address }) => {
      it("reaches the double by a name only the proxy resolves, the cert pinned and checked against that name", async () => {
        await using transport = create({ host: byName(address(sim)), cert, macaroon, socksProxy: danted.address });
        const client = createWatchtowerClient({ transport });
        expect((await client.listTowers({ includeSessions: true })).towers.length).toBeGreaterThan(0);
        expect((await client.policy()).maxUpdates).toBeGreaterThan(0);
        // danted logs the connection it made for us to the double's port
        expect(danted.log()).toContain(`127.0.0.1.${portOf(address(sim))}`);
      });

      it("refuses another node's cert through the proxy, as it does directly", async () => {
        const err = await failureOf(kind, {
          host: byName(address(sim)),
          cert: fixtureCertPem(),
          macaroon,
          socksProxy: danted.address,
        });
        expect(err.reason).toBe("certificate-mismatch");
      });

      it("sends --metadata through the proxy, and lnd receives it", async () => {
        await using transport = create({
          host: byName(address(sim)),
          cert,
          macaroon,
          socksProxy: danted.address,
          metadata: { "X-Trace-Id": "socks-42", route: "tor" },
        });
        await createWatchtowerClient({ transport }).stats();
        expect(sim.receivedMetadata.at(-1)).toMatchObject({
          method: "Stats",
          metadata: { "x-trace-id": "socks-42", route: "tor" },
        });
        expect(JSON.stringify(sim.receivedMetadata.at(-1))).not.toContain(macaroon.toString("hex").slice(0, 40));
      });

      it("proxy down: its own reason, and a hint that names the proxy", async () => {
        const proxy = `127.0.0.1:${await freePort()}`;
        const err = await failureOf(kind, { host: byName(address(sim)), cert, macaroon, socksProxy: proxy });
        expect({ reason: err.reason, code: Code[err.code] }).toEqual({
          reason: "proxy-unreachable",
          code: "Unavailable",
        });
        expect(err.rawMessage).toMatch(new RegExp(`^cannot reach the SOCKS proxy ${proxy}: connect ECONNREFUSED`));
        expect(err.hint).toBe(`is Tor running at ${proxy}? check --socksproxy`);
      });

      it("proxy refusing (its rules forbid the target): its own reason", async () => {
        const err = await failureOf(kind, { host: address(sim), cert, macaroon, socksProxy: refusing.address });
        expect({ reason: err.reason, code: Code[err.code] }).toEqual({ reason: "proxy-refused", code: "Unavailable" });
        expect(err.rawMessage).toBe(
          `SOCKS proxy ${refusing.address} refused to connect to ${address(sim)}: connection not allowed by ruleset`,
        );
      });

      it("target unreachable behind the proxy: its own reason, retried like any unreachable lnd", async () => {
        const target = `localhost:${await freePort()}`;
        const err = await failureOf(kind, { host: target, cert, macaroon, socksProxy: danted.address });
        expect({ reason: err.reason, code: Code[err.code] }).toEqual({
          reason: "proxy-target-unreachable",
          code: "Unavailable",
        });
        expect(err.rawMessage).toMatch(new RegExp(`^SOCKS proxy ${danted.address} could not reach ${target}: `));
        expect(err.hint).toBe(`the proxy is up but cannot reach lnd: check that lnd listens at ${target}`);
      });
    });
    describe("the CLI and wtclient-http as processes", () => {
      const lndFlags = () => ["--tlscertpath", sim.tlsCertPath, "--macaroonpath", sim.macaroonPaths.admin];
      const callsOf = (method: string) => sim.calls[method] ?? 0;
      /** danted's log lines since `from`, the part one test's connections wrote */
      const loggedSince = (proxy: Danted, from: number) => proxy.log().slice(from);

      it.each(transports)(
        "wtclient --socksproxy over $kind: a read and a write reach the double through danted",
        async ({ kind, address }) => {
          // its own danted, so that its log holds this test's connections only, and closing it affects no other test
          const proxy = await startDanted();
          try {
            const where = [`--transport`, kind, kind === "grpc" ? "--rpcserver" : "--restserver", byName(address(sim))];
            const run = (args: readonly string[]) =>
              runWtclient(["--socksproxy", proxy.address, ...where, ...lndFlags(), ...args], home);

            const listed = callsOf("ListTowers");
            const read = await run(["towers", "--include_sessions"]);
            expect({ code: read.code, stderr: read.stderr }).toEqual({ code: 0, stderr: "" });
            expect((JSON.parse(read.stdout) as { towers: unknown[] }).towers.length).toBeGreaterThan(0);
            expect(callsOf("ListTowers")).toBe(listed + 1);
            expect(loggedSince(proxy, 0)).toContain(`127.0.0.1.${portOf(address(sim))}`);

            const tower = sim.model.towers().find((t) => t.active);
            expect(tower, "the double's demo state has an active tower left to deactivate").toBeDefined();
            const deactivated = callsOf("DeactivateTower");
            const logged = proxy.log().length;
            const write = await run(["deactivate", tower!.pubkey]);
            expect({ code: write.code, stderr: write.stderr }).toEqual({ code: 0, stderr: "" });
            expect(callsOf("DeactivateTower")).toBe(deactivated + 1);
            expect(sim.model.tower(tower!.pubkey).active).toBe(false);
            expect(loggedSince(proxy, logged)).toContain(`127.0.0.1.${portOf(address(sim))}`);

            // the same command with danted gone: the CLI depended on it, and says which proxy it could not reach
            await proxy.close();
            const down = await run(["stats"]);
            expect(down.code).toBe(1);
            expect(down.stderr).toContain(`cannot reach the SOCKS proxy ${proxy.address}: connect ECONNREFUSED`);
            expect(down.stderr).toContain(`hint: is Tor running at ${proxy.address}? check --socksproxy\n`);
          } finally {
            await proxy.close();
          }
        },
      );

      it.each(transports)(
        "wtclient-http --socksproxy over $kind: a REST read and a write reach the double through danted",
        async ({ kind, address }) => {
          await using proxy = await startDanted();
          const uri = formatLndconnect({ host: "localhost", port: portOf(address(sim)), cert, macaroon });
          const lines: string[] = [];
          const service = await spawnHttpService(
            [
              "--listen",
              "127.0.0.1:0",
              "--insecure-no-auth",
              "--transport",
              kind,
              "--lndconnect",
              uri,
              "--socksproxy",
              proxy.address,
            ],
            (l) => lines.push(l),
          );
          try {
            const stats = callsOf("Stats");
            const read = await fetch(`${service.url}/v2/watchtower/client/stats`);
            const body = (await read.json()) as Record<string, unknown>;
            expect(read.status, JSON.stringify(body)).toBe(200);
            expect(body).toHaveProperty("num_backups");
            expect(callsOf("Stats")).toBeGreaterThan(stats);

            const session = sim.model
              .towers()
              .flatMap((t) => t.sessions)
              .find((s) => s.terminal !== true);
            expect(session, "the double's demo state has a live session left to terminate").toBeDefined();
            const terminated = callsOf("TerminateSession");
            // lnd's REST path takes the id as URL-safe base64 of its bytes
            const pathId = Buffer.from(session!.id, "hex").toString("base64url");
            const write = await fetch(`${service.url}/v2/watchtower/client/sessions/terminate/${pathId}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: "{}",
            });
            const answer = (await write.json()) as Record<string, unknown>;
            expect(write.status, JSON.stringify(answer)).toBe(200);
            expect(callsOf("TerminateSession")).toBe(terminated + 1);
            expect(
              sim.model
                .towers()
                .flatMap((t) => t.sessions)
                .find((s) => s.id === session!.id)?.terminal,
            ).toBe(true);
            // the service's connection to lnd went through this danted (one connection, kept for every call)
            expect(proxy.log()).toContain(`127.0.0.1.${portOf(address(sim))}`);
            expect(lines.join("\n")).not.toContain(macaroon.toString("hex"));
          } finally {
            await service.stop();
          }
        },
      );
    });
  },
);

// a real lnd through the proxy: the conformance suite's library/grpc+socks and library/rest+socks drivers run every
// scenario through danted against the real lnd that @wtclient/lnd-harness starts from WTCLIENT_LND_DIR
// (packages/conformance/test/real-lnd.test.ts)

describe("through a recording SOCKS5 front", () => {
  describe.each(transports)("the library over $kind", ({ kind, create, address }) => {
    it("sends a name to the proxy as a domain-type address, never resolving it", async () => {
      await using front = await startSocksFront(() => ({ forward: address(sim) }));
      await using transport = create({
        host: `${onion}:${portOf(address(sim))}`,
        cert,
        macaroon,
        socksProxy: front.address,
      });
      await createWatchtowerClient({ transport }).stats();
      expect(front.requests).toEqual([{ addressType: "domain", host: onion, port: portOf(address(sim)) }]);
    });

    it("an IP stays an IP", async () => {
      await using front = await startSocksFront(() => ({ forward: address(sim) }));
      await using transport = create({ host: address(sim), cert, macaroon, socksProxy: front.address });
      await createWatchtowerClient({ transport }).stats();
      expect(front.requests).toEqual([{ addressType: "ipv4", host: "127.0.0.1", port: portOf(address(sim)) }]);
    });

    it("checks the cert against --servername through the proxy, as it does directly", async () => {
      await using front = await startSocksFront(() => ({ forward: address(sim) }));
      const host = `lnd.wtclient-test.example:${portOf(address(sim))}`;
      const err = await failureOf(kind, { host, cert, macaroon, socksProxy: front.address });
      expect(err.reason).toBe("certificate-mismatch");
      expect(err.hint).toMatch(/use --servername/);
      await using transport = create({ host, cert, macaroon, socksProxy: front.address, servername: "localhost" });
      expect((await createWatchtowerClient({ transport }).stats()).numBackups).toBeGreaterThanOrEqual(0);
    });

    it("a slow proxy against the deadline: its own reason, not lnd's deadline", async () => {
      await using front = await startSocksFront(() => "stall");
      const err = await failureOf(kind, {
        host: `${onion}:10009`,
        cert,
        macaroon,
        socksProxy: front.address,
        defaultTimeoutMs: 1500,
      });
      expect({ reason: err.reason, code: Code[err.code] }).toEqual({
        reason: "proxy-timeout",
        code: "DeadlineExceeded",
      });
      expect(err.rawMessage).toBe(`SOCKS proxy ${front.address} did not connect to ${onion}:10009 in 1.5 s`);
      expect(err.hint).toMatch(/raise --timeout/);
    });

    it("Tor's answer for an onion service it cannot find: the target is unreachable", async () => {
      await using front = await startSocksFront(() => ({ reply: 4 }));
      const err = await failureOf(kind, { host: `${onion}:10009`, cert, macaroon, socksProxy: front.address });
      expect(err.reason).toBe("proxy-target-unreachable");
      expect(err.rawMessage).toBe(`SOCKS proxy ${front.address} could not reach ${onion}:10009: host unreachable`);
      expect(err.hint).toMatch(/onion service is published/);
    });
  });
});

describe("the CLI through a proxy", () => {
  const lndFlags = () => ["--tlscertpath", sim.tlsCertPath, "--macaroonpath", sim.macaroonPaths.admin];

  it.each(["grpc", "rest"] as const)(
    "--socksproxy and LNCLI_SOCKSPROXY over %s; --metadata reaches lnd",
    async (kind) => {
      await using front = await startSocksFront((r) => ({
        forward: r.port === portOf(sim.rpcAddress) ? sim.rpcAddress : sim.restAddress,
      }));
      const where =
        kind === "grpc"
          ? ["--rpcserver", byName(sim.rpcAddress)]
          : ["--transport", "rest", "--restserver", byName(sim.restAddress)];
      const r = await runWtclient(
        [
          "--socksproxy",
          front.address,
          ...where,
          ...lndFlags(),
          "--metadata",
          "x-request-id:cli-1",
          "--metadata",
          "tenant:a",
          "stats",
        ],
        home,
      );
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(JSON.parse(r.stdout)).toHaveProperty("num_backups");
      expect(sim.receivedMetadata.at(-1)).toMatchObject({
        method: "Stats",
        metadata: { "x-request-id": "cli-1", tenant: "a" },
      });
      const fromEnv = await runWtclient([...where, ...lndFlags(), "towers"], home, { LNCLI_SOCKSPROXY: front.address });
      expect(fromEnv.code).toBe(0);
      expect(front.requests.map((q) => q.addressType)).toEqual(["domain", "domain"]);
    },
  );

  it("an lndconnect URI with an onion host, through the proxy", async () => {
    await using front = await startSocksFront((r) => (r.host === onion ? { forward: sim.rpcAddress } : { reply: 4 }));
    const uri = formatLndconnect({ host: onion, port: portOf(sim.rpcAddress), cert, macaroon });
    const r = await runWtclient(["--socksproxy", front.address, "--lndconnect", uri, "towers"], home);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(front.requests).toEqual([{ addressType: "domain", host: onion, port: portOf(sim.rpcAddress) }]);
  });

  it("an onion host without a proxy: the hint says to use Tor", async () => {
    const uri = formatLndconnect({ host: onion, port: 10009, cert, macaroon });
    const r = await runWtclient(["--lndconnect", uri, "--timeout", "20", "towers"], home);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `hint: ${onion}:10009 is an onion service: reach it through Tor with --socksproxy 127.0.0.1:9050`,
    );
  });

  it("proxy down and a slow proxy against --timeout: lncli's error line, the reason's hint", async () => {
    const proxy = `127.0.0.1:${await freePort()}`;
    const down = await runWtclient(
      ["--socksproxy", proxy, "--rpcserver", byName(sim.rpcAddress), ...lndFlags(), "stats"],
      home,
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      new RegExp(
        `^\\[wtclient\\] rpc error: code = Unavailable desc = cannot reach the SOCKS proxy ${proxy}: connect ECONNREFUSED .*\\nhint: is Tor running at ${proxy}\\? check --socksproxy\\n$`,
      ),
    );
    await using front = await startSocksFront(() => "stall");
    const slow = await runWtclient(
      ["--socksproxy", front.address, "--rpcserver", `${onion}:10009`, ...lndFlags(), "--timeout", "2", "stats"],
      home,
    );
    expect(slow.code).toBe(1);
    expect(slow.stderr.split("\n")[0]).toBe(
      `[wtclient] rpc error: code = DeadlineExceeded desc = SOCKS proxy ${front.address} did not connect to ${onion}:10009 in 2 s`,
    );
  });

  it("a --socksproxy that is not host:port is a clear error before anything is dialed", async () => {
    const r = await runWtclient(["--socksproxy", "9050", ...lndFlags(), "stats"], home);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `[wtclient] invalid SOCKS proxy address "9050": want host:port\nhint: e.g. --socksproxy 127.0.0.1:9050 (Tor's SocksPort)\n`,
    );
  });
});

describe("wtclient-http through a proxy", () => {
  it("serves an lnd reached by an onion lndconnect URI through --socksproxy", async () => {
    await using front = await startSocksFront((r) => (r.host === onion ? { forward: sim.restAddress } : { reply: 4 }));
    const uri = formatLndconnect({ host: onion, port: portOf(sim.restAddress), cert, macaroon });
    const lines: string[] = [];
    const service = await spawnHttpService(
      [
        "--listen",
        "127.0.0.1:0",
        "--insecure-no-auth",
        "--transport",
        "rest",
        "--lndconnect",
        uri,
        "--socksproxy",
        front.address,
      ],
      (l) => lines.push(l),
    );
    try {
      const res = await fetch(`${service.url}/v2/watchtower/client/stats`);
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body).toHaveProperty("num_backups");
      expect(front.requests[0]).toEqual({ addressType: "domain", host: onion, port: portOf(sim.restAddress) });
      expect(lines.join("\n")).not.toContain(macaroon.toString("hex"));
    } finally {
      await service.stop();
    }
  });
});
