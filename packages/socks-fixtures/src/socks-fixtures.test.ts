import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { SocksClient } from "socks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dantedMissing, findDanted, startDanted } from "./start-danted.js";
import { startSocksFront } from "./start-socks-front.js";

/** A TCP echo server on loopback: what the proxies connect the tests to. */
let echo: Server;
let echoPort: number;
beforeAll(async () => {
  echo = createServer((s) => s.pipe(s));
  echo.listen(0, "127.0.0.1");
  await once(echo, "listening");
  echoPort = (echo.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

async function roundTrip(proxy: string, host: string, port: number): Promise<string> {
  const [proxyHost, proxyPort] = proxy.split(":");
  const { socket } = await SocksClient.createConnection({
    proxy: { host: proxyHost!, port: Number(proxyPort), type: 5 },
    command: "connect",
    destination: { host, port },
    timeout: 10_000,
  });
  socket.write("ping");
  const [chunk] = (await once(socket, "data")) as [Buffer];
  socket.destroy();
  return String(chunk);
}

describe.skipIf(findDanted() === undefined)(findDanted() === undefined ? `danted: ${dantedMissing}` : "danted", () => {
  it("connects by name and by address, and refuses a blocked port with 'not allowed by ruleset'", async () => {
    await using danted = await startDanted({ refusePorts: [echoPort + 1] });
    expect(await roundTrip(danted.address, "localhost", echoPort)).toBe("ping");
    expect(await roundTrip(danted.address, "127.0.0.1", echoPort)).toBe("ping");
    await expect(roundTrip(danted.address, "127.0.0.1", echoPort + 1)).rejects.toThrow(/NotAllowed/);
    expect(danted.log()).toMatch(/pass\(\d+\): tcp\/connect/);
  });

  it("is gone after close: its port refuses", async () => {
    const danted = await startDanted();
    await danted.close();
    const [, port] = danted.address.split(":");
    // danted's children may hold the listener a moment after the parent is gone: ask again, a bounded number of times
    const attempt = async () => {
      const s = connect(Number(port), "127.0.0.1");
      const code = await new Promise<string | undefined>((resolve) => {
        s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code));
        s.once("connect", () => resolve("connected"));
      });
      s.destroy();
      return code;
    };
    let code = await attempt();
    for (let i = 0; i < 50 && code !== "ECONNREFUSED"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      code = await attempt();
    }
    expect(code).toBe("ECONNREFUSED");
  });
});

describe("the recording front", () => {
  it("records a name as a domain-type address and an IP as ipv4, forwarding both", async () => {
    await using front = await startSocksFront(() => ({ forward: `127.0.0.1:${echoPort}` }));
    expect(await roundTrip(front.address, "lnd.example.onion", 10009)).toBe("ping");
    expect(await roundTrip(front.address, "127.0.0.1", 10009)).toBe("ping");
    expect(front.requests).toEqual([
      { addressType: "domain", host: "lnd.example.onion", port: 10009 },
      { addressType: "ipv4", host: "127.0.0.1", port: 10009 },
    ]);
  });

  it("answers with the reply code it is told to", async () => {
    await using front = await startSocksFront(() => ({ reply: 4 }));
    await expect(roundTrip(front.address, "x.onion", 1)).rejects.toThrow(/HostUnreachable/);
  });
});
