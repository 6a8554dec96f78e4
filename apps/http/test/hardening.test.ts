import http2 from "node:http2";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, describe, expect, it } from "vitest";
import { bearer, readToken, request, startService, startSim, writeToken, type ServiceHandle } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

const secrets: string[] = [readToken.token, writeToken.token];
const session = demoKey("session/alpha/anchor");

/** A raw TCP connection to the service: write what a test wants, read what comes back, see when the server closes. */
function rawConnection(url: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    let data = "";
    const socket = net.connect(Number(port), "127.0.0.1", () => resolve({ socket, received: () => data, closed }));
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.on("data", (d: Buffer) => (data += d.toString("latin1")));
    socket.on("error", () => undefined);
    socket.once("error", reject);
  });
}

/** The status of an HTTP/2 response, or the stream's error. */
function stream(s: http2.ClientHttp2Stream, resolve: (status: number) => void, reject: (e: Error) => void): void {
  s.once("response", (h) => resolve(Number(h[":status"])));
  s.once("error", reject);
  s.once("close", () => reject(new Error(`stream closed with code ${s.rstCode}`)));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

const accessLines = (service: ServiceHandle) => service.log.records().filter((r) => r.msg === "request");

describe("hardening", () => {
  afterAll(() => expectNoSecrets(secrets));

  it("refuses a duplicated credential header with 400, whatever Node would have kept", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex, lnd.readonlyHex);
    await using service = await startService({ lnd: lnd.flags, passthroughMacaroon: true });
    const path = `/v2/watchtower/client/sessions/terminate/${Buffer.from(session, "hex").toString("base64url")}`;
    const host = new URL(service.url).host;
    for (const headers of [
      `Authorization: Bearer ${writeToken.token}\r\nAuthorization: Bearer ${readToken.token}`,
      `Authorization: Bearer ${readToken.token}\r\nauthorization: Bearer ${writeToken.token}`,
      `Grpc-Metadata-macaroon: ${lnd.readonlyHex}\r\nGrpc-Metadata-macaroon: ${lnd.adminHex}`,
      `Grpc-Metadata-macaroon: ${lnd.adminHex}\r\nmacaroon: ${lnd.adminHex}`,
      `Host: evil.test`,
    ]) {
      const c = await rawConnection(service.url);
      c.socket.end(`POST ${path} HTTP/1.1\r\nHost: ${host}\r\n${headers}\r\nContent-Length: 0\r\n\r\n`);
      await c.closed;
      expect(c.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(c.received()).toMatch(
        /"code":3,"message":"(the [a-z-]+ header was sent 2 times: send it once|send the macaroon in one header .*)"/,
      );
    }
    expect(lnd.sim.calls.TerminateSession).toBeUndefined();
  }, 60_000);

  it("answers garbage in the pass-through macaroon header with 401 itself; lnd never sees it", async () => {
    await using lnd = await startSim();
    secrets.push(lnd.adminHex);
    await using service = await startService({ lnd: lnd.flags, passthroughMacaroon: true });
    for (const value of [
      "not-a-macaroon",
      "0201",
      "deadbeef",
      lnd.adminHex.slice(0, -2) + "zz",
      Buffer.from(lnd.adminHex, "hex").toString("base64"),
    ]) {
      const res = await request(`${service.url}/v2/watchtower/client/stats`, {
        headers: { "grpc-metadata-macaroon": value },
      });
      expect(res.status).toBe(401);
      expect((res.json as { message: string }).message).toMatch(
        /^the macaroon header (must hold a hex-encoded|does not hold a well-formed) binary v2 macaroon/,
      );
    }
    expect(lnd.sim.calls.Stats).toBeUndefined();
    expect(
      (
        await request(`${service.url}/v2/watchtower/client/stats`, {
          headers: { "grpc-metadata-macaroon": lnd.adminHex },
        })
      ).status,
    ).toBe(200);
    expect(lnd.sim.calls.Stats).toBe(1);
  }, 60_000);

  it("authenticates a Connect call before reading its body, and closes the connection instead of reading the rest", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags });
    const c = await rawConnection(service.url);
    // a body is announced and never sent: the answer cannot wait for it
    c.socket.write(
      `POST /wtclientrpc.WatchtowerClient/AddTower HTTP/1.1\r\nHost: ${new URL(service.url).host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
    );
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(c.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(c.received()).toContain(
      '{"code":"unauthenticated","message":"missing credentials: send Authorization: Bearer <token>"}',
    );
  }, 60_000);

  it("after a 4xx to a chunked body it closes the connection rather than reading on", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags });
    const c = await rawConnection(service.url);
    c.socket.write(
      `POST /v2/watchtower/client HTTP/1.1\r\nHost: ${new URL(service.url).host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let open = true;
    void c.closed.then(() => (open = false));
    // keep sending until the server has answered and closed; a server that drains would read forever
    while (open && sent < 1024 * 1024 * 1024) {
      if (!c.socket.write(`${chunk.length.toString(16)}\r\n`) || !c.socket.write(chunk) || !c.socket.write("\r\n"))
        await Promise.race([new Promise((r) => c.socket.once("drain", r)), c.closed]);
      sent += chunk.length;
    }
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(c.received()).toMatch(/\r\nconnection: close\r\n/i);
  });

  it("closes a connection whose body does not arrive within --body-timeout, and logs 408", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags, bodyTimeoutSeconds: 0.5 });
    const c = await rawConnection(service.url);
    c.socket.write(
      `POST /v2/watchtower/client HTTP/1.1\r\nHost: ${new URL(service.url).host}\r\nAuthorization: Bearer ${writeToken.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"pub`,
    );
    await c.closed;
    await until(() => accessLines(service).some((r) => r.status === 408));
    expect(accessLines(service).find((r) => r.status === 408)).toMatchObject({
      method: "POST",
      surface: "rest",
      route: "AddTower",
      caller: "writer",
    });
    expect(lnd.sim.calls.AddTower).toBeUndefined();
  });

  it("closes a connection whose headers do not arrive within --header-timeout", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags, headerTimeoutSeconds: 0.5 });
    const c = await rawConnection(service.url);
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${new URL(service.url).host}\r\nX-Slow: `);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it("records a request the client abandoned as 499, not 200", async () => {
    await using lnd = await startSim({ faults: { latencyMs: 1000 } });
    await using service = await startService({ lnd: lnd.flags });
    const c = await rawConnection(service.url);
    c.socket.write(
      `GET /v2/watchtower/client/stats HTTP/1.1\r\nHost: ${new URL(service.url).host}\r\nAuthorization: Bearer ${readToken.token}\r\n\r\n`,
    );
    await until(() => lnd.sim.calls.Stats === 1);
    c.socket.destroy();
    await until(() => accessLines(service).some((r) => r.route === "Stats"));
    expect(accessLines(service).find((r) => r.route === "Stats")).toMatchObject({ status: 499, caller: "reader" });
    expect((await request(`${service.url}/metrics`)).text).toContain(
      'wtclient_http_requests_total{surface="rest",route="Stats",status="499"} 1',
    );
  });

  it("bounds the calls to lnd in flight: beyond --max-lnd-calls, 503 with Retry-After", async () => {
    await using lnd = await startSim({ faults: { latencyMs: 1500 } });
    await using service = await startService({ lnd: lnd.flags, maxLndCalls: 2 });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(`${service.url}/v2/watchtower/client/policy`, { headers: bearer(readToken.token) }),
      ),
    );
    const refused = answers.filter((a) => a.status === 503);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(refused).toHaveLength(3);
    for (const a of refused) {
      expect(a.headers.get("retry-after")).toBe("1");
      expect(a.json).toEqual({
        code: 14,
        message: "too many calls to lnd in flight (2, see --max-lnd-calls); retry shortly",
        details: [],
      });
    }
    expect(lnd.sim.calls.Policy).toBe(2);
  });

  it("rejects invalid UTF-8 in a Connect JSON body, as lnd's REST does", async () => {
    await using lnd = await startSim();
    await using service = await startService({ lnd: lnd.flags });
    const pubkey = Buffer.from(demoKey("tower/utf8"), "hex").toString("base64");
    const body = Buffer.concat([
      Buffer.from(`{"pubkey":"${pubkey}","address":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(':9911"}'),
    ]);
    for (const path of ["/wtclientrpc.WatchtowerClient/AddTower", "/v2/watchtower/client"]) {
      const res = await fetch(service.url + path, {
        method: "POST",
        headers: { ...bearer(writeToken.token), "content-type": "application/json" },
        body,
      });
      expect(res.status).toBe(400);
    }
    expect(lnd.sim.calls.AddTower).toBeUndefined();
  });

  describe("over HTTP/2", () => {
    it("caps concurrent streams, answers an unknown method with 501 in lnd's envelope, logged and counted once; a slow GET is no slow body", async () => {
      await using lnd = await startSim();
      await using service = await startService({ lnd: lnd.flags, tlsSelfSigned: true, bodyTimeoutSeconds: 0.3 });
      const session = http2.connect(service.url, { ca: service.service.tlsCert! });
      try {
        await new Promise<void>((resolve, reject) =>
          session.once("remoteSettings", () => resolve()).once("error", reject),
        );
        expect(session.remoteSettings.maxConcurrentStreams).toBe(100);
        for (const method of ["get", "BREW"]) {
          const stream = session.request({ ":method": method, ":path": "/healthz" });
          const status = await new Promise<number>((resolve) =>
            stream.once("response", (h) => resolve(Number(h[":status"]))),
          );
          let text = "";
          stream.on("data", (d: Buffer) => (text += d.toString()));
          await new Promise((r) => stream.once("end", r));
          expect(status).toBe(501);
          expect(JSON.parse(text)).toEqual({
            code: 12,
            message: `method "${method}" is not supported: use GET, POST or DELETE`,
            details: [],
          });
        }
        // a GET has no body to wait for: lnd taking longer than --body-timeout is fine
        lnd.sim.faults.latencyMs = 800;
        const stats = session.request({
          ":method": "GET",
          ":path": "/v2/watchtower/client/stats",
          authorization: `Bearer ${readToken.token}`,
        });
        stats.resume();
        expect(await new Promise<number>((resolve, reject) => stream(stats, resolve, reject))).toBe(200);
        lnd.sim.faults.latencyMs = 0;
      } finally {
        session.close();
      }
      await until(() => accessLines(service).filter((r) => r.status === 501).length === 2);
      expect(service.log.records().filter((r) => r.level === 40 && /fastify bug|└──/.test(String(r.msg)))).toEqual([]);
      expect((await request(`${service.url}/metrics`, { ca: service.service.tlsCert! })).text).toContain(
        'wtclient_http_requests_total{surface="service",route="/healthz",status="501"} 2',
      );
    });
  });

  it.each([["grpc"], ["rest"]] as const)(
    "over %s: picks up lnd's new tls.cert on the next call, without a restart",
    async (transport) => {
      await using lnd = await startSim();
      secrets.push(lnd.adminHex);
      await using service = await startService({ lnd: lnd.flags, transport });
      const stats = () => request(`${service.url}/v2/watchtower/client/stats`, { headers: bearer(readToken.token) });
      expect((await stats()).status).toBe(200);
      await lnd.sim.restart({ freshCert: true });
      // the very next call succeeds: its failed handshake made the service read tls.cert again and retry
      expect((await stats()).status).toBe(200);
      expect((await stats()).status).toBe(200);
      expect(
        service.log
          .records()
          .filter(
            (r) =>
              r.msg ===
              `lnd's tls.cert changed: reconnecting to ${service.service.lndAddress} with the new certificate`,
          ),
      ).toHaveLength(1);
    },
  );
});
