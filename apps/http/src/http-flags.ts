/** One command-line flag of wtclient-http; also settable as WTCLIENT_HTTP_<NAME> and as "<name>" in --config. */
export interface HttpFlagSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly placeholder?: string;
  readonly help: string;
  readonly defaultText?: string;
  /** Only on the command line (not from the environment or the config file). */
  readonly cliOnly?: boolean;
}

/** The flags, in the order --help lists them. */
export const httpFlags: readonly HttpFlagSpec[] = [
  {
    name: "listen",
    type: "string",
    placeholder: "HOST:PORT",
    help: "address to listen on ([::1]:PORT for IPv6; port 0 picks a free one)",
    defaultText: "127.0.0.1:8280",
  },
  {
    name: "tls-cert",
    type: "string",
    placeholder: "FILE",
    help: "PEM certificate of this service's listener (with --tls-key); enables HTTPS and HTTP/2 (gRPC)",
  },
  { name: "tls-key", type: "string", placeholder: "FILE", help: "PEM private key of --tls-cert" },
  {
    name: "tls-self-signed",
    type: "boolean",
    help: "generate a self-signed ECDSA P-256 certificate for the listener's own names at start (its PEM and fingerprint are logged, for clients to pin)",
  },
  {
    name: "tokens",
    type: "string",
    placeholder: "FILE",
    help: 'bearer tokens: JSON array of {"id","scope":"read"|"write","sha256":"<hex SHA-256 of the token>"}',
  },
  {
    name: "passthrough-macaroon",
    type: "boolean",
    help: "accept the caller's Grpc-Metadata-macaroon (hex) and forward it to lnd, which decides",
  },
  {
    name: "insecure-no-auth",
    type: "boolean",
    help: "let callers without credentials use the service's own macaroon (loopback listener only)",
  },
  { name: "insecure-plaintext", type: "boolean", help: "allow a non-loopback listener without TLS" },
  {
    name: "sim",
    type: "boolean",
    help: "start the embedded lnd double (lnd-sim) on free loopback ports with a temporary lnddir instead of using a real lnd",
  },
  {
    name: "no-console",
    type: "boolean",
    help: "do not serve the web console at / (its assets, /v1/whoami and /v1/audit/terminated)",
  },
  {
    name: "audit-file",
    type: "string",
    placeholder: "FILE",
    help: "also append every audit entry (at, rpc, caller, target, outcome, route, surface; no credentials) to FILE as a JSON line (created 0600; shared safely by --workers), and mark the console's terminated sessions from its last 4 MiB, so the marks survive restarts and every worker sees them; without it each process keeps its own list in memory. A rotated (renamed or removed) file is followed: the next entry opens FILE anew",
  },
  {
    name: "cors-origin",
    type: "string",
    placeholder: "ORIGIN",
    help: "allow browser calls from this origin (CORS is off unless given)",
  },
  {
    name: "allowed-host",
    type: "string",
    placeholder: "NAMES",
    help: "comma-separated names the Host header may carry besides the listener's own (a reverse proxy's); other Hosts get 403",
  },
  {
    name: "body-limit",
    type: "string",
    placeholder: "BYTES",
    help: "largest accepted request body",
    defaultText: "65536",
  },
  { name: "timeout", type: "string", placeholder: "SECONDS", help: "deadline of each call to lnd", defaultText: "30" },
  {
    name: "header-timeout",
    type: "string",
    placeholder: "SECONDS",
    help: "time a client has for its TLS handshake and request headers",
    defaultText: "10",
  },
  {
    name: "body-timeout",
    type: "string",
    placeholder: "SECONDS",
    help: "time a client has to send a request body; then the connection is closed (logged as 408)",
    defaultText: "30",
  },
  {
    name: "idle-timeout",
    type: "string",
    placeholder: "SECONDS",
    help: "an idle keep-alive connection or HTTP/2 session is closed after this",
    defaultText: "60",
  },
  {
    name: "readiness-interval",
    type: "string",
    placeholder: "SECONDS",
    help: "/readyz asks lnd at most once per interval (callers share the answer)",
    defaultText: "5",
  },
  {
    name: "workers",
    type: "string",
    placeholder: "N",
    help: "serve from N processes (node:cluster) sharing the listener; each has its own lnd connection, metrics, readiness and (without --audit-file) console list",
    defaultText: "1",
  },
  {
    name: "max-lnd-calls",
    type: "string",
    placeholder: "N",
    help: "most calls to lnd in flight; more get 503 with Retry-After",
    defaultText: "64",
  },
  {
    name: "transport",
    type: "string",
    placeholder: "grpc|rest",
    help: "talk to lnd over gRPC or over its REST proxy",
    defaultText: "grpc",
  },
  {
    name: "metrics-only",
    type: "boolean",
    help: "serve only GET /metrics and /healthz (a scrape-only deployment: no RPC surface, no auth needed)",
  },
  {
    name: "metrics-interval",
    type: "string",
    placeholder: "SECONDS",
    help: "ask lnd for its watchtower metrics at most once per this many seconds; faster scrapes get the last answer",
    defaultText: "5",
  },
  {
    name: "metrics-timeout",
    type: "string",
    placeholder: "SECONDS",
    help: "deadline of each call to lnd while collecting metrics (at most --timeout)",
    defaultText: "10",
  },
  {
    name: "rpcserver",
    type: "string",
    placeholder: "HOST:PORT",
    help: "lnd's gRPC address",
    defaultText: "localhost:10009",
  },
  {
    name: "restserver",
    type: "string",
    placeholder: "HOST:PORT",
    help: "lnd's REST address (with --transport rest)",
    defaultText: "localhost:8080",
  },
  {
    name: "lnddir",
    type: "string",
    placeholder: "DIR",
    help: "lnd's directory, where tls.cert and data/chain/bitcoin/<network>/admin.macaroon are read",
    defaultText: "~/.lnd",
  },
  {
    name: "network",
    type: "string",
    placeholder: "NET",
    help: "mainnet, testnet, testnet4, regtest, simnet or signet",
    defaultText: "mainnet",
  },
  {
    name: "tlscertpath",
    type: "string",
    placeholder: "FILE",
    help: "lnd's tls.cert",
    defaultText: "<lnddir>/tls.cert",
  },
  {
    name: "macaroonpath",
    type: "string",
    placeholder: "FILE",
    help: "the service's own macaroon for token callers",
    defaultText: "<lnddir>/data/chain/bitcoin/<network>/admin.macaroon",
  },
  {
    name: "lndconnect",
    type: "string",
    placeholder: "URI",
    help: "lndconnect://host:port?cert=...&macaroon=... (address, cert and macaroon in one)",
  },
  {
    name: "socksproxy",
    type: "string",
    placeholder: "HOST:PORT",
    help: "reach lnd through this SOCKS5 proxy, e.g. Tor's 127.0.0.1:9050 (for an .onion rpcserver or lndconnect host)",
  },
  {
    name: "config",
    type: "string",
    placeholder: "FILE",
    help: 'JSON file of settings keyed by flag name, e.g. {"listen":"127.0.0.1:8280","sim":true}',
    cliOnly: true,
  },
  { name: "help", type: "boolean", help: "show this help", cliOnly: true },
];

/** WTCLIENT_HTTP_TLS_CERT for tls-cert. */
export function envNameOf(flag: string): string {
  return `WTCLIENT_HTTP_${flag.toUpperCase().replaceAll("-", "_")}`;
}

/** The --help text. */
export function formatHttpHelp(): string {
  const rows = httpFlags.map((f) => {
    const left = `  --${f.name}${f.placeholder ? ` ${f.placeholder}` : ""}`;
    const extra = [
      f.defaultText !== undefined ? `default ${f.defaultText}` : "",
      f.cliOnly ? "" : `$${envNameOf(f.name)}`,
    ]
      .filter(Boolean)
      .join("; ");
    return `${left.padEnd(34)} ${f.help}${extra ? ` (${extra})` : ""}`;
  });
  return [
    "wtclient-http: a secure HTTP service in front of one lnd's watchtower client (wtclientrpc)",
    "",
    "usage: wtclient-http [flags]",
    "",
    "Serves lnd's REST routes (/v2/watchtower/client/...), the same service over Connect, gRPC-Web and gRPC",
    "(/wtclientrpc.WatchtowerClient/<Rpc>), and GET /healthz, /readyz, /metrics, /openapi.json, /v1/doctor.",
    "Callers authenticate with `Authorization: Bearer <token>` (--tokens) or, with --passthrough-macaroon,",
    "with their own `Grpc-Metadata-macaroon`. A read token may call ListTowers, GetTowerInfo, Stats and Policy.",
    "Settings come from flags, then WTCLIENT_HTTP_* variables, then --config, then defaults.",
    "",
    "In every auth mode: the Host header must name this listener (or --allowed-host); a POST or DELETE must",
    "come from this service's own origin or --cors-origin (or carry no Origin), and carry a credential header",
    "or a JSON, Connect, gRPC or gRPC-Web content type (else text/plain, forms and untyped bodies get 415).",
    "Credential headers sent twice get 400. /readyz",
    "tells strangers only ready and a reason word; token callers also get lnd's address and the details.",
    "Requests the client abandoned are logged as 499. A new tls.cert of lnd is picked up on the next call.",
    "",
    "flags:",
    ...rows,
    "",
  ].join("\n");
}
