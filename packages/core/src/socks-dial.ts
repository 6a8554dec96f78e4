import type { Socket } from "node:net";
import { isIP } from "node:net";
import * as tls from "node:tls";
import { Code } from "@connectrpc/connect";
import { joinHostPort } from "./join-host-port.js";
import { WtclientError } from "./wtclient-error.js";

/** A SOCKS5 proxy's address: `host:port`, `[v6]:port`. */
export interface SocksProxy {
  readonly host: string;
  readonly port: number;
  /** as given, for messages */
  readonly address: string;
}

const proxyExample = "e.g. --socksproxy 127.0.0.1:9050 (Tor's SocksPort)";

/** Split `host:port` (IPv6 in brackets); undefined when it is not one. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^\[([0-9A-Fa-f:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]\s/@]+):(\d{1,5})$/.exec(text);
  if (m === null) return undefined;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host: m[1]!, port } : undefined;
}

/** Read a `--socksproxy` value, or say what is wrong with it. */
export function parseSocksProxy(text: string): SocksProxy {
  const hp = splitHostPort(text.trim());
  if (hp === undefined) {
    throw new WtclientError(
      `invalid SOCKS proxy address "${text}": want host:port`,
      Code.InvalidArgument,
      "bad-request",
      proxyExample,
    );
  }
  return { ...hp, address: text.trim() };
}

function proxyError(
  message: string,
  code: Code,
  reason: "proxy-unreachable" | "proxy-refused" | "proxy-target-unreachable",
  hint: string,
  cause: unknown,
): WtclientError {
  return new WtclientError(message, code, reason, hint, cause);
}

/** The SOCKS5 reply codes (RFC 1928 §6) and Tor's onion-service extensions (tor's socks-extensions.txt). */
const replyTexts: Record<string, string> = {
  Failure: "general SOCKS server failure",
  NotAllowed: "connection not allowed by ruleset",
  NetworkUnreachable: "network unreachable",
  HostUnreachable: "host unreachable",
  ConnectionRefused: "connection refused",
  TTLExpired: "TTL expired",
  CommandNotSupported: "command not supported",
  AddressNotSupported: "address type not supported",
};

/** Turn what the SOCKS client raised into a WtclientError that names the proxy and what to do. */
export function socksFailure(error: unknown, proxy: SocksProxy, target: string, timeoutMs?: number): WtclientError {
  const message = error instanceof Error ? error.message : String(error);
  const at = `SOCKS proxy ${proxy.address}`;
  // the client's texts: "Socks5 proxy rejected connection - <ReplyName>", "connect ECONNREFUSED ...", ...
  const rejected = /^Socks5 proxy rejected connection - (\w+)/.exec(message);
  if (rejected !== null) {
    const name = rejected[1]!;
    const text = replyTexts[name] ?? "an error of Tor's onion-service range";
    if (name === "NotAllowed" || name === "CommandNotSupported" || name === "AddressNotSupported") {
      return proxyError(
        `${at} refused to connect to ${target}: ${text}`,
        Code.Unavailable,
        "proxy-refused",
        `the proxy's rules do not allow ${target}: check the proxy's configuration (Tor: its SocksPolicy)`,
        error,
      );
    }
    return proxyError(
      `${at} could not reach ${target}: ${text}`,
      Code.Unavailable,
      "proxy-target-unreachable",
      `the proxy is up but cannot reach lnd: check that lnd listens at ${target}${target.includes(".onion") ? " and that its onion service is published (Tor may need a minute)" : ""}`,
      error,
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/i.test(message)) {
    return proxyError(
      `cannot reach the ${at}: ${message}`,
      Code.Unavailable,
      "proxy-unreachable",
      `is Tor running at ${proxy.address}? check --socksproxy`,
      error,
    );
  }
  if (/Proxy connection timed out/.test(message)) return proxyTimeout(proxy, target, timeoutMs, error);
  // closed without an answer (a client rule, Tor's SocksPolicy), not a SOCKS5 proxy, or one that wants a password
  return proxyError(
    `${at} refused the connection: ${message}`,
    Code.Unavailable,
    "proxy-refused",
    `check that ${proxy.address} is a SOCKS5 proxy that needs no password (Tor's SocksPort)`,
    error,
  );
}

/** The deadline passed while the proxy was still connecting. */
export function proxyTimeout(
  proxy: SocksProxy,
  target: string,
  timeoutMs: number | undefined,
  cause?: unknown,
): WtclientError {
  const seconds = timeoutMs !== undefined ? ` in ${timeoutMs / 1000} s` : "";
  return new WtclientError(
    `SOCKS proxy ${proxy.address} did not connect to ${target}${seconds}`,
    Code.DeadlineExceeded,
    "proxy-timeout",
    "the proxy accepted but did not get through in time: raise --timeout (a first Tor circuit to an onion service can take 30 s or more), or check the proxy",
    cause,
  );
}

/**
 * A TCP connection to `target` through a SOCKS5 proxy. The target's name goes to the proxy as it is
 * (a domain-type address): it is never resolved here, which would leak it and cannot work for `.onion`.
 * The `socks` package is loaded only here, so a CLI that uses no proxy never pays for it.
 */
export async function dialSocks(
  proxy: SocksProxy,
  target: { host: string; port: number },
  timeoutMs: number,
): Promise<Socket> {
  const socks = await import("socks");
  // CommonJS: Node gives its named exports, a bundle (the CLI's) only `default`
  const SocksClient = socks.SocksClient ?? (socks as unknown as { default: typeof socks }).default.SocksClient;
  const where = joinHostPort(target.host, target.port);
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: proxy.host, port: proxy.port, type: 5 },
      command: "connect",
      destination: { host: target.host, port: target.port },
      // the library's own handshake timer; the call's deadline usually ends the wait first
      timeout: timeoutMs > 0 ? timeoutMs : 2 ** 31 - 1,
    });
    return socket;
  } catch (e) {
    throw socksFailure(e, proxy, where, timeoutMs);
  }
}

/** What TLS checks on the far side of the proxy: the same as a direct dial does. */
export interface PinnedTlsOptions {
  /** lnd's cert as PEM, the only trusted root */
  readonly ca: string;
  /** the name the cert must carry: `servername`, else the dialed host */
  readonly host: string;
  readonly servername?: string;
  readonly alpn: string;
}

/** TLS over an established socket, pinned like a direct connection; resolves once the handshake is done. */
export function startPinnedTls(socket: Socket, options: PinnedTlsOptions): Promise<tls.TLSSocket> {
  const name = options.servername ?? options.host;
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      ca: options.ca,
      // explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch the pin off
      rejectUnauthorized: true,
      // the cert is checked against this name; SNI carries it only when it is a name, not an IP
      host: name,
      ...(isIP(name) === 0 ? { servername: name } : {}),
      ALPNProtocols: [options.alpn],
    });
    const onError = (e: Error) => {
      socket.destroy();
      reject(e);
    };
    secure.once("error", onError);
    secure.once("secureConnect", () => {
      secure.off("error", onError);
      resolve(secure);
    });
  });
}
