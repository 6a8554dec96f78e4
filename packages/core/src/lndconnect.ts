// Parsed by hand, not with WHATWG URL: URL rewrites IPv6 hosts ([0:0::1] becomes [::1], so parse(format(x)) would not give
// x's host back), refuses a port over 65535 with a bare "Invalid URL", and URLSearchParams passes bad percent-encoding.
import { X509Certificate } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { decodeBase64Loose } from "./bytes-codec.js";
import { toPemCert } from "./cert-input.js";
import { joinHostPort } from "./join-host-port.js";
import { toMacaroonBytes } from "./macaroon-input.js";
import { WtclientError } from "./wtclient-error.js";

/** One lnd node as an lndconnect URI describes it. */
export interface Lndconnect {
  /** host name or IP; an IPv6 address comes without brackets */
  host: string;
  /** lnd's gRPC (or REST) port; 10009 when the URI names none */
  port: number;
  /** lnd's TLS certificate as PEM; absent when the node has a publicly trusted certificate */
  cert?: string;
  /** binary v2 macaroon */
  macaroon: Uint8Array;
}

/** The port when the URI names none: lnd's gRPC port. */
const defaultPort = 10009;

const hint =
  "give lndconnect://host:port?cert=<base64url DER>&macaroon=<base64url macaroon> (as lndconnect or `lndconnect --url` prints it)";

function invalid(message: string): WtclientError {
  // the URI holds a macaroon: messages never quote it
  return new WtclientError(message, Code.InvalidArgument, "bad-request", hint);
}

function parseAuthority(authority: string): { host: string; port: number } {
  const m = /^\[([0-9A-Fa-f:.]+)\](?::(\d*))?$/.exec(authority) ?? /^([^:[\]@/]+)(?::(\d*))?$/.exec(authority);
  if (!m) throw invalid("lndconnect URI: expected host:port after lndconnect://");
  const port = m[2] ? Number(m[2]) : defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid("lndconnect URI: port must be 1-65535");
  return { host: m[1]!, port };
}

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    try {
      // decodeURIComponent keeps "+", which standard base64 needs
      params.set(decodeURIComponent(rawKey), decodeURIComponent(eq < 0 ? "" : pair.slice(eq + 1)));
    } catch {
      throw invalid("lndconnect URI: bad percent-encoding in the query");
    }
  }
  return params;
}

/** Base64 of any flavour; a "+" turned into a space by a form encoder is put back. */
function decodeParam(value: string, name: string): Uint8Array {
  const bytes = decodeBase64Loose(value.replace(/ /g, "+"));
  if (bytes === undefined || bytes.length === 0)
    throw invalid(`lndconnect URI: the ${name} parameter is not valid base64`);
  return bytes;
}

/**
 * Parse `lndconnect://host:port?cert=<base64url DER>&macaroon=<base64url>` (LN-Zap's format).
 * Accepts padded or unpadded, URL-safe or standard base64, and IPv6 hosts in brackets.
 *
 * @example
 * ```ts
 * import { createLndGrpcTransport, parseLndconnect } from "@wtclient/core";
 *
 * const node = parseLndconnect(process.env.LNDCONNECT_URI!);
 * const transport = createLndGrpcTransport({ host: `${node.host}:${node.port}`, cert: node.cert!, macaroon: node.macaroon });
 * ```
 */
export function parseLndconnect(uri: string): Lndconnect {
  const m = /^lndconnect:\/\/([^?#]*)(?:\?([^#]*))?/i.exec(uri.trim());
  if (!m) throw invalid("not an lndconnect URI: it must start with lndconnect://");
  const { host, port } = parseAuthority(m[1]!.replace(/\/+$/, ""));
  const params = parseQuery(m[2] ?? "");
  const mac = params.get("macaroon");
  if (mac === undefined || mac === "") throw invalid("lndconnect URI has no macaroon parameter");
  const macaroon = toMacaroonBytes(decodeParam(mac, "macaroon"));
  const certParam = params.get("cert");
  if (certParam === undefined || certParam === "") return { host, port, macaroon };
  return { host, port, cert: toPemCert(decodeParam(certParam, "cert")), macaroon };
}

/**
 * Build an lndconnect URI: cert (PEM or DER) and macaroon as unpadded base64url.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { formatLndconnect } from "@wtclient/core";
 *
 * const uri = formatLndconnect({ host: "example.onion", port: 10009, cert: readFileSync("tls.cert", "utf8"), macaroon: readFileSync("admin.macaroon") });
 * ```
 */
export function formatLndconnect(opts: {
  host: string;
  port: number;
  cert?: string | Uint8Array;
  macaroon: Uint8Array;
}): string {
  const query: string[] = [];
  if (opts.cert !== undefined)
    query.push(`cert=${new X509Certificate(toPemCert(opts.cert)).raw.toString("base64url")}`);
  query.push(`macaroon=${Buffer.from(toMacaroonBytes(opts.macaroon)).toString("base64url")}`);
  return `lndconnect://${joinHostPort(opts.host, opts.port)}?${query.join("&")}`;
}
