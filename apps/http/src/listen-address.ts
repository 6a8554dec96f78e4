import net from "node:net";

/** Where the service listens. */
export interface ListenAddress {
  /** A hostname or an IP address (IPv6 without brackets). */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** Parse `HOST:PORT` (IPv6 as `[::1]:8280`); throws an Error whose text names the mistake. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new Error(`expected HOST:PORT (IPv6 as [::1]:8280), got "${text}"`);
  const host = m[1] ?? m[2]!;
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`port ${port} is out of range (0-65535)`);
  if (m[1] !== undefined && net.isIPv6(host) === false) throw new Error(`"${host}" in brackets is not an IPv6 address`);
  return { host, port };
}

/** Whether only this machine can reach the address: localhost, 127.0.0.0/8 or ::1 (never 0.0.0.0 or ::). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  if (net.isIPv4(h)) return h.startsWith("127.");
  // an IPv4-mapped IPv6 loopback, e.g. ::ffff:127.0.0.1
  return /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}
