import type { FlagSpec } from "./command-table.js";

/** A flag valid before or after the command words. */
export interface GlobalFlagSpec extends FlagSpec {
  /** The environment variable read when the flag is not given (by core's resolveLndSettings). */
  readonly env?: string;
  readonly defaultText?: string;
  /** May be given more than once; every value counts (lncli's string-slice flags). */
  readonly repeatable?: boolean;
}

/** lncli's global flags, then wtclient's additions. */
export const globalFlags: readonly GlobalFlagSpec[] = [
  {
    name: "rpcserver",
    type: "string",
    placeholder: "host:port",
    help: "lnd's gRPC address",
    env: "LNCLI_RPCSERVER",
    defaultText: "localhost:10009",
  },
  {
    name: "lnddir",
    type: "string",
    placeholder: "dir",
    help: "lnd's directory, where tls.cert and data/chain/bitcoin/<network>/*.macaroon are read",
    env: "LNCLI_LNDDIR",
    defaultText: "~/.lnd",
  },
  {
    name: "socksproxy",
    type: "string",
    placeholder: "host:port",
    help: "a SOCKS5 proxy to reach lnd through, e.g. Tor's 127.0.0.1:9050 (lnd's host name, .onion too, is resolved by the proxy)",
    env: "LNCLI_SOCKSPROXY",
  },
  {
    name: "tlscertpath",
    type: "string",
    placeholder: "file",
    help: "lnd's tls.cert; when given it wins over --lnddir (lncli would use <lnddir>/tls.cert instead)",
    env: "LNCLI_TLSCERTPATH",
    defaultText: "<lnddir>/tls.cert",
  },
  {
    name: "macaroonpath",
    type: "string",
    placeholder: "file",
    help: "the macaroon to send",
    env: "LNCLI_MACAROONPATH",
    defaultText: "<lnddir>/data/chain/bitcoin/<network>/admin.macaroon",
  },
  {
    name: "network",
    short: "n",
    type: "string",
    placeholder: "net",
    help: "mainnet, testnet, testnet4, regtest, simnet or signet",
    env: "LNCLI_NETWORK",
    defaultText: "mainnet",
  },
  {
    name: "chain",
    short: "c",
    type: "string",
    placeholder: "chain",
    help: "the chain (only bitcoin)",
    env: "LNCLI_CHAIN",
    defaultText: "bitcoin",
  },
  { name: "no-macaroons", type: "boolean", help: "send no macaroon" },
  {
    name: "macaroontimeout",
    type: "string",
    placeholder: "seconds",
    help: "lifetime of the time-before caveat added to the macaroon on each call",
    env: "LNCLI_MACAROONTIMEOUT",
    defaultText: "60",
  },
  {
    name: "macaroonip",
    type: "string",
    placeholder: "ip",
    help: "lock the macaroon to this IP address",
    env: "LNCLI_MACAROONIP",
  },
  {
    name: "profile",
    short: "p",
    type: "string",
    placeholder: "name",
    help: "a profile of ~/.lncli/profiles.json",
    env: "LNCLI_PROFILE",
  },
  {
    name: "macfromjar",
    type: "string",
    placeholder: "name",
    help: "use this macaroon of the profile's jar instead of its default (only with profiles)",
    env: "LNCLI_MACFROMJAR",
  },
  {
    name: "metadata",
    type: "string",
    placeholder: "key:value",
    help: "gRPC metadata sent with the call (Grpc-Metadata-<key> over REST); may be given more than once",
    repeatable: true,
  },
  {
    name: "transport",
    type: "string",
    placeholder: "grpc|rest",
    help: "talk to lnd over gRPC or over its REST proxy",
    defaultText: "grpc",
  },
  {
    name: "restserver",
    type: "string",
    placeholder: "host:port",
    help: "lnd's REST address (with --transport rest)",
    env: "LNCLI_RESTSERVER",
    defaultText: "localhost:8080",
  },
  {
    name: "lndconnect",
    type: "string",
    placeholder: "uri",
    help: "an lndconnect://host:port?cert=...&macaroon=... URI (host, cert and macaroon in one; LNCLI_* variables and profiles do not mix into it, and a macaroon goes to its host only from the URI or --macaroonpath)",
  },
  { name: "timeout", type: "string", placeholder: "seconds", help: "deadline of the call", defaultText: "30" },
  {
    name: "servername",
    type: "string",
    placeholder: "name",
    help: "the name to check lnd's cert against (when dialing an IP it does not list)",
  },
  { name: "help", short: "h", type: "boolean", help: "show help" },
  { name: "version", short: "v", type: "boolean", help: "print the version" },
];
