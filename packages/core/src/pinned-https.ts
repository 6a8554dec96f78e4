import { Agent, request } from "undici";
import { dialSocks, startPinnedTls, type SocksProxy } from "./socks-dial.js";

/** undici's request API and its connection pool, trusting only `ca` (lnd's own cert). */
export interface PinnedHttps {
  readonly request: typeof request;
  readonly agent: Agent;
  /** connections being set up through the proxy right now */
  readonly dialing: () => number;
}

/** Where to connect: directly, or through a SOCKS5 proxy with this timeout for its handshake. */
export interface PinnedHttpsOptions {
  readonly ca: string;
  readonly servername: string | undefined;
  readonly proxy?: { readonly socks: SocksProxy; readonly timeoutMs: number };
}

export function createPinnedHttps({ ca, servername, proxy }: PinnedHttpsOptions): PinnedHttps {
  let dialing = 0;
  // rejectUnauthorized explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch the pin off
  const direct = { ca, rejectUnauthorized: true, ...(servername !== undefined ? { servername } : {}) };
  // through a proxy: SOCKS5 to lnd (its name unresolved), then TLS with the same pin and name check
  const throughProxy: Agent.Options["connect"] =
    proxy &&
    ((opts, callback) => {
      const host = opts.hostname.replace(/^\[(.*)\]$/, "$1");
      const port = opts.port === "" ? 443 : Number(opts.port);
      dialing += 1;
      dialSocks(proxy.socks, { host, port }, proxy.timeoutMs)
        .then((socket) => startPinnedTls(socket, { ca, host, ...(servername !== undefined ? { servername } : {}), alpn: "http/1.1" }))
        .then(
          (socket) => callback(null, socket),
          (e: Error) => callback(e, null),
        )
        .finally(() => (dialing -= 1));
    });
  const agent = new Agent({
    connect: throughProxy ?? direct,
    // keep connections between calls, and let idle ones go so nothing pins the process
    keepAliveTimeout: 30_000,
  });
  return { request, agent, dialing: () => dialing };
}
