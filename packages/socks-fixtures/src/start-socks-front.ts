import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/** One CONNECT request as the front received it. */
export interface SocksRequest {
  /** the address type the client chose (RFC 1928 §5): a name, or an IP it resolved itself */
  readonly addressType: "domain" | "ipv4" | "ipv6";
  readonly host: string;
  readonly port: number;
}

/** What the front does with a request: pass it on to a loopback address, answer with a SOCKS5 reply code, or never answer. */
export type SocksDecision = { readonly forward: string } | { readonly reply: number } | "stall";

export interface SocksFront extends AsyncDisposable {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  /** every CONNECT request so far, oldest first */
  readonly requests: readonly SocksRequest[];
  close(): Promise<void>;
}

/** Read exactly `n` bytes more from a socket's buffered input. */
class Reader {
  private buffered = Buffer.alloc(0);
  private wanted: { n: number; resolve: (b: Buffer) => void } | undefined;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.pump();
    });
  }

  read(n: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.wanted = { n, resolve };
      this.pump();
    });
  }

  /** what came after the handshake (the client's first TLS bytes, say) */
  rest(): Buffer {
    return this.buffered;
  }

  private pump(): void {
    const w = this.wanted;
    if (w === undefined || this.buffered.length < w.n) return;
    this.wanted = undefined;
    const out = this.buffered.subarray(0, w.n);
    this.buffered = this.buffered.subarray(w.n);
    w.resolve(out);
  }
}

function reply(socket: Socket, code: number): void {
  // VER REP RSV ATYP=IPv4 BND.ADDR 0.0.0.0 BND.PORT 0
  socket.write(Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]));
}

async function readRequest(r: Reader): Promise<SocksRequest> {
  const [, , , atyp] = await r.read(4);
  if (atyp === 3) {
    const [len] = await r.read(1);
    const host = (await r.read(len!)).toString("latin1");
    return { addressType: "domain", host, port: (await r.read(2)).readUInt16BE(0) };
  }
  if (atyp === 1) {
    const host = [...(await r.read(4))].join(".");
    return { addressType: "ipv4", host, port: (await r.read(2)).readUInt16BE(0) };
  }
  const raw = await r.read(16);
  const groups = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16));
  return { addressType: "ipv6", host: groups.join(":"), port: (await r.read(2)).readUInt16BE(0) };
}

/**
 * A small SOCKS5 server (no authentication, CONNECT only) that records each request's address as the
 * client sent it, then does what `decide` says: the test's eye on the wire, and its faults.
 */
export async function startSocksFront(decide: (request: SocksRequest) => SocksDecision): Promise<SocksFront> {
  const requests: SocksRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    const r = new Reader(client);
    void (async () => {
      const [, nMethods] = await r.read(2);
      const methods = await r.read(nMethods!);
      if (!methods.includes(0)) return void client.end(Buffer.from([5, 0xff]));
      client.write(Buffer.from([5, 0]));
      const request = await readRequest(r);
      requests.push(request);
      const decision = decide(request);
      if (decision === "stall") return;
      if ("reply" in decision) return void (reply(client, decision.reply), client.end());
      const [host, port] = [decision.forward.replace(/:\d+$/, ""), Number(/:(\d+)$/.exec(decision.forward)![1])];
      const upstream = connect(port, host);
      let connected = false;
      sockets.add(upstream);
      upstream.on("close", () => (sockets.delete(upstream), client.destroy()));
      upstream.once("error", () => {
        // connection refused (RFC 1928 reply 5) when the target is not there
        if (!connected) reply(client, 5);
        client.end();
      });
      upstream.once("connect", () => {
        connected = true;
        reply(client, 0);
        const early = r.rest();
        client.removeAllListeners("data");
        if (early.length > 0) upstream.write(early);
        client.pipe(upstream);
        upstream.pipe(client);
        client.on("close", () => upstream.destroy());
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { address: `127.0.0.1:${port}`, requests, close, [Symbol.asyncDispose]: close };
}
