import { isIP } from "node:net";
import { joinHostPort } from "@wtclient/core/internal";

/** The tower port lnd applies when an address has none (`watchtower.DefaultPeerPort`). */
export const defaultTowerPort = "9911";

export class AddressError extends Error {
  override readonly name = "AddressError";
}

/** Go's net.SplitHostPort, reduced to what lnd's parsing needs; undefined where Go returns an error. */
function splitHostPort(address: string): [string, string] | undefined {
  const colon = address.lastIndexOf(":");
  if (colon < 0) return undefined;
  let host = address.slice(0, colon);
  const port = address.slice(colon + 1);
  if (host.startsWith("[")) {
    if (!host.endsWith("]") || host.indexOf("]") !== host.length - 1) return undefined;
    host = host.slice(1, -1);
  } else if (host.includes(":") || host.includes("[") || host.includes("]")) {
    return undefined;
  }
  return [host, port];
}

/** lncfg's verifyPort: add the default port when none is given (a bare number means localhost:<n>). */
function verifyPort(address: string, defaultPort: string): string {
  const split = splitHostPort(address);
  if (split === undefined) {
    if (/^[+-]?\d+$/.test(address)) return joinHostPort("localhost", address);
    return address.startsWith("[") ? `${address}:${defaultPort}` : joinHostPort(address, defaultPort);
  }
  return split[0] === "" && split[1] === "" ? `:${defaultPort}` : address;
}

/** Go's IP.String(): IPv4 (also IPv4-mapped) dotted, IPv6 in RFC 5952 short form. */
function formatIp(ip: string): string {
  if (isIP(ip) === 4) return ip;
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

const base32 = /^[a-z2-7]+$/;

/** tor.IsOnionHost: a v2 (16) or v3 (56) base32 name plus ".onion". */
function isOnionHost(host: string): boolean {
  if (!host.endsWith(".onion")) return false;
  const name = host.slice(0, -".onion".length);
  return (name.length === 16 || name.length === 56) && base32.test(name);
}

/** net.ResolveTCPAddr without DNS: IP literals, localhost, and any other name kept as written. */
function resolveTcp(address: string): string {
  const split = splitHostPort(address);
  if (split === undefined) throw new AddressError(`address ${address}: missing port in address`);
  const [host, port] = split;
  if (!/^\d+$/.test(port)) throw new AddressError(`lookup tcp/${port}: unknown port`);
  if (Number(port) > 65535) throw new AddressError(`address ${port}: invalid port`);
  const portText = String(Number(port));
  if (host === "") return `:${portText}`;
  if (host === "localhost") return `127.0.0.1:${portText}`;
  if (isIP(host) !== 0) return joinHostPort(formatIp(host), portText);
  return joinHostPort(host, portText);
}

/**
 * lncfg.ParseAddressString as lnd applies it to tower addresses: returns the `net.Addr.String()` lnd
 * stores, or throws AddressError with lnd's text.
 */
export function parseAddressString(address: string, defaultPort = defaultTowerPort): string {
  let network = "";
  let rest = "";
  if (address.includes("://")) {
    [network = "", rest = ""] = address.split("://");
  } else if (address.includes(":")) {
    const parts = address.split(":");
    network = parts[0]!;
    rest = parts.slice(1).join(":");
  }
  switch (network) {
    case "unix":
    case "unixpacket":
      return rest;
    case "tcp":
    case "tcp4":
    case "tcp6":
      return resolveTcp(verifyPort(rest, defaultPort));
    case "ip":
    case "ip4":
    case "ip6":
    case "udp":
    case "udp4":
    case "udp6":
    case "unixgram":
      throw new AddressError(`only TCP or unix socket addresses are supported: ${rest}`);
    default: {
      const withPort = verifyPort(address, defaultPort);
      const split = splitHostPort(withPort);
      if (split !== undefined && isOnionHost(split[0])) {
        if (!/^[+-]?\d+$/.test(split[1])) {
          throw new AddressError(`strconv.Atoi: parsing ${JSON.stringify(split[1])}: invalid syntax`);
        }
        return `${split[0]}:${Number(split[1])}`;
      }
      return resolveTcp(withPort);
    }
  }
}
