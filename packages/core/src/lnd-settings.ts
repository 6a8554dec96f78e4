import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Code } from "@connectrpc/connect";
import { readCertFile, toPemCert } from "./cert-input.js";
import { defaultLndDir } from "./default-lnd-dir.js";
import { parseMetadataFlags } from "./call-metadata.js";
import { loadLncliProfile, lncliProfileFile, profileMacaroon } from "./lncli-profile.js";
import { joinHostPort } from "./join-host-port.js";
import { parseLndconnect } from "./lndconnect.js";
import { toMacaroonBytes } from "./macaroon-input.js";
import { parseSocksProxy } from "./socks-dial.js";
import { WtclientError } from "./wtclient-error.js";

/** lnd's networks, as `--network` names them. */
export type LndNetwork = "mainnet" | "testnet" | "testnet4" | "regtest" | "simnet" | "signet";

const networks: readonly string[] = ["mainnet", "testnet", "testnet4", "regtest", "simnet", "signet"];

/** lncli's global flags (plus --restserver, --lndconnect, --servername); undefined = flag not given. */
export interface LndFlags {
  /** lnd's gRPC `host:port` (default localhost:10009) */
  rpcserver?: string;
  /** lnd's REST `host:port` (default localhost:8080) */
  restserver?: string;
  /** lnd's data directory (default ~/.lnd, or the platform's equivalent) */
  lnddir?: string;
  /** lnd's tls.cert (default `<lnddir>/tls.cert`) */
  tlscertpath?: string;
  /** the macaroon file (default `<lnddir>/data/chain/bitcoin/<network>/admin.macaroon`) */
  macaroonpath?: string;
  /** mainnet (default), testnet, testnet4, regtest, simnet or signet */
  network?: string;
  /** accepted and ignored, as lncli does: the macaroon path always uses `bitcoin` */
  chain?: string;
  /** send no macaroon (lncli's --no-macaroons) */
  noMacaroons?: boolean;
  /** seconds of the time-before caveat added to every call (default 60, 0 for none) */
  macaroontimeout?: number;
  /** an IP address the macaroon is bound to by an `ipaddr` caveat */
  macaroonip?: string;
  /** an lndconnect URI: the node's address, cert and macaroon */
  lndconnect?: string;
  /** the name to check lnd's cert against instead of the dialed host */
  servername?: string;
  /** the lncli profile to use (`~/.lncli/profiles.json`) */
  profile?: string;
  /** `host:port` of a SOCKS5 proxy (Tor) to reach lnd through */
  socksproxy?: string;
  /** `key:value` pairs, as given to lncli's repeatable --metadata */
  metadata?: readonly string[];
  /** the name of the profile's jar macaroon to use instead of its default */
  macfromjar?: string;
  /** never read lncli's profiles file (a service configured only by its own settings) */
  noProfiles?: boolean;
}

/** Where lnd is and which credentials to use, resolved by {@link resolveLndSettings}. */
export interface LndSettings {
  /** gRPC host:port */
  rpcserver: string;
  /** REST host:port */
  restserver: string;
  /** lnd's data directory */
  lnddir: string;
  /** the network, which picks the macaroon's directory */
  network: LndNetwork;
  /** set when the cert comes from a file */
  tlsCertPath?: string;
  /** PEM, from lndconnect or a profile */
  tlsCert?: string;
  /** set when the macaroon comes from a file */
  macaroonPath?: string;
  /** from lndconnect or a profile */
  macaroon?: Uint8Array;
  /** send no macaroon */
  noMacaroons: boolean;
  /** lncli's --macaroontimeout: a time-before caveat this far ahead on every call; 0 = none */
  macaroonTimeoutSeconds: number;
  /** lncli's --macaroonip: an `ipaddr` caveat on every call */
  macaroonIp?: string;
  /** TLS server name to check instead of the dialed host */
  servername?: string;
  /** `host:port` of the SOCKS5 proxy to dial lnd through */
  socksProxy?: string;
  /** gRPC metadata for every call: the profile's, then --metadata over it */
  metadata?: Record<string, string>;
}

function badSetting(message: string, hint: string): WtclientError {
  return new WtclientError(message, Code.InvalidArgument, "bad-request", hint);
}

/** The first value that is given: flags, then LNCLI_* variables, then the profile (empty strings count as not given). */
function first(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v !== "");
}

/** lnd's lncfg.CleanAndExpandPath: a leading ~ becomes home, $VAR and ${VAR} expand, then clean. */
function cleanAndExpand(p: string, home: string, env: NodeJS.ProcessEnv, pathApi: path.PlatformPath): string {
  const tilde = p.startsWith("~") ? home + p.slice(1) : p;
  const expanded = tilde.replace(
    /\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g,
    (_, braced?: string, bare?: string) => env[braced ?? bare ?? ""] ?? "",
  );
  const cleaned = pathApi.normalize(expanded);
  // Go's filepath.Clean drops a trailing separator (normalize keeps it)
  return cleaned.length > 1 && /[\\/]$/.test(cleaned) && !/^[A-Za-z]:[\\/]$/.test(cleaned)
    ? cleaned.slice(0, -1)
    : cleaned;
}

function parseTimeout(
  flag: number | undefined,
  envValue: string | undefined,
  profileValue: number | undefined,
): number {
  let value = flag ?? profileValue ?? 60;
  let source = "--macaroontimeout";
  if (flag === undefined && envValue !== undefined && envValue !== "") {
    value = /^\s*\d+\s*$/.test(envValue) ? Number(envValue) : Number.NaN;
    source = "LNCLI_MACAROONTIMEOUT";
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw badSetting(
      `${source} must be a whole number of seconds >= 0`,
      "e.g. --macaroontimeout 60 (0 adds no time-before caveat)",
    );
  }
  return value;
}

/**
 * Where lnd is and which credentials to use, by lncli's rules (cmd/commands/main.go, profile.go):
 * a flag, then an LNCLI_* variable, then the lncli profile, then the default, setting by setting.
 *
 * An lndconnect URI names another node with its own address, cert and macaroon: those win over
 * LNCLI_* variables and the profile (which describe the user's own node), and only flags given for
 * this call override them. A macaroon from LNCLI_MACAROONPATH is never sent to the URI's host: that
 * is an error saying how to choose.
 *
 * Deliberate deviations from lncli:
 * - an explicit --tlscertpath (or LNCLI_TLSCERTPATH) wins over --lnddir; lncli silently replaces it
 *   with `<lnddir>/tls.cert` whenever --lnddir is not the default.
 * - flags and variables still apply when a profile is in use; lncli then ignores them (except
 *   --macfromjar). A profile here fills in what was not given.
 * - a profile without a time-before timeout gets the default 60 s (lncli then adds none).
 * - --metadata adds to the profile's metadata (lncli ignores the flag when a profile is in use).
 *
 * @example
 * ```ts
 * import { createLndTransportFromSettings, resolveLndSettings } from "@wtclient/core";
 *
 * const settings = resolveLndSettings({ lnddir: "/home/me/.lnd", network: "testnet" });
 * const transport = await createLndTransportFromSettings(settings, "grpc");
 * ```
 */
export function resolveLndSettings(
  flags: LndFlags,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
  platform: NodeJS.Platform = process.platform,
): LndSettings {
  const pathApi = platform === "win32" ? path.win32 : path.posix;
  const expand = (p: string) => cleanAndExpand(p, home, env, pathApi);

  // LNCLI_PROFILE="" is meaningful (switch profiles off), so it is read as given
  const profile =
    flags.noProfiles === true
      ? undefined
      : loadLncliProfile(flags.profile ?? env.LNCLI_PROFILE, lncliProfileFile(platform, home, env));
  const link = flags.lndconnect ? parseLndconnect(flags.lndconnect) : undefined;
  const linkAddress = link && joinHostPort(link.host, link.port);
  // with a URI, the variables that describe the user's own node are not consulted
  const ownNode = (value: string | undefined) => (link === undefined ? value : undefined);
  if (
    link !== undefined &&
    flags.macaroonpath === undefined &&
    first(env.LNCLI_MACAROONPATH) !== undefined &&
    flags.noMacaroons !== true
  ) {
    throw badSetting(
      `refusing to send the macaroon of LNCLI_MACAROONPATH to ${linkAddress}, the host of --lndconnect: a macaroon goes to an lndconnect host only when it comes from the same URI or from --macaroonpath`,
      "unset LNCLI_MACAROONPATH to use the URI's own macaroon, or pass --macaroonpath FILE to send that file to this host on purpose",
    );
  }

  const networkName = (first(flags.network, env.LNCLI_NETWORK, profile?.network) ?? "mainnet").toLowerCase();
  if (!networks.includes(networkName)) {
    throw badSetting(`unknown network: ${networkName}`, `use one of ${networks.join(", ")}`);
  }
  const network = networkName as LndNetwork;
  const lnddir = expand(first(flags.lnddir, env.LNCLI_LNDDIR, profile?.lnddir) ?? defaultLndDir(platform, home, env));
  const noMacaroons = flags.noMacaroons === true || profile?.noMacaroons === true;

  const settings: LndSettings = {
    rpcserver:
      first(flags.rpcserver, ownNode(env.LNCLI_RPCSERVER), linkAddress, profile?.rpcserver) ?? "localhost:10009",
    restserver: first(flags.restserver, ownNode(env.LNCLI_RESTSERVER), linkAddress) ?? "localhost:8080",
    lnddir,
    network,
    noMacaroons,
    macaroonTimeoutSeconds: parseTimeout(
      flags.macaroontimeout,
      env.LNCLI_MACAROONTIMEOUT,
      profile?.macaroons?.timeout || undefined,
    ),
  };

  const certPath = first(flags.tlscertpath, ownNode(env.LNCLI_TLSCERTPATH));
  const inlineCert = link ? link.cert : profile?.tlsCert;
  if (certPath !== undefined) settings.tlsCertPath = expand(certPath);
  else if (inlineCert !== undefined) settings.tlsCert = inlineCert;
  else settings.tlsCertPath = pathApi.join(lnddir, "tls.cert");

  const macPath = first(flags.macaroonpath, env.LNCLI_MACAROONPATH);
  // lncli's --macfromjar picks from the profile's jar; without a profile its jar holds one unnamed macaroon
  const jarName = first(flags.macfromjar, env.LNCLI_MACFROMJAR);
  if (macPath !== undefined) settings.macaroonPath = expand(macPath);
  else if (link) settings.macaroon = link.macaroon;
  else if (profile && !noMacaroons) settings.macaroon = profileMacaroon(profile, jarName);
  else settings.macaroonPath = pathApi.join(lnddir, "data", "chain", "bitcoin", network, "admin.macaroon");
  if (jarName !== undefined && !noMacaroons && (macPath !== undefined || link || !profile)) {
    throw jarWithoutProfile(jarName, !profile ? undefined : macPath !== undefined ? "--macaroonpath" : "--lndconnect");
  }

  const ip = first(flags.macaroonip, env.LNCLI_MACAROONIP, profile?.macaroons?.ip);
  if (ip !== undefined) settings.macaroonIp = ip;
  if (flags.servername) settings.servername = flags.servername;
  const proxy = first(flags.socksproxy, env.LNCLI_SOCKSPROXY);
  if (proxy !== undefined) settings.socksProxy = parseSocksProxy(proxy).address;
  const metadata = { ...profile?.metadata, ...parseMetadataFlags(flags.metadata ?? []) };
  if (Object.keys(metadata).length > 0) settings.metadata = metadata;
  return settings;
}

/** --macfromjar where the macaroon does not come from a profile's jar: no profile, or another source named too. */
function jarWithoutProfile(name: string, other: string | undefined): WtclientError {
  if (other !== undefined) {
    return badSetting(
      `--macfromjar '${name}' and ${other} both choose the macaroon`,
      `give one: --macfromjar picks from an lncli profile's jar, ${other} names its own`,
    );
  }
  // lncli's text (cmd/commands/main.go): without profiles the jar holds only the --macaroonpath macaroon
  return new WtclientError(
    `macaroon with name '${name}' not found in profile`,
    Code.InvalidArgument,
    "macaroon-invalid",
    "--macfromjar can only be used with lncli profiles (`lncli profile add`, then --profile NAME); otherwise pass --macaroonpath",
  );
}

/** Read the cert (always) and the macaroon (unless --no-macaroons) the settings point at. */
export async function loadLndCredentials(settings: LndSettings): Promise<{ cert: string; macaroon?: Uint8Array }> {
  let cert: string;
  if (settings.tlsCert !== undefined) cert = toPemCert(settings.tlsCert);
  else if (settings.tlsCertPath !== undefined) cert = await readCertFile(settings.tlsCertPath);
  else
    throw badSetting(
      "no TLS certificate: the settings have neither tlsCert nor tlsCertPath",
      "pass --tlscertpath or --lnddir",
    );
  if (settings.noMacaroons) return { cert };
  if (settings.macaroon !== undefined) return { cert, macaroon: toMacaroonBytes(settings.macaroon) };
  const macPath = settings.macaroonPath;
  if (macPath === undefined) {
    throw badSetting(
      "no macaroon: the settings have neither macaroon nor macaroonPath",
      "pass --macaroonpath or --no-macaroons",
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(macPath);
  } catch (e) {
    throw new WtclientError(
      `could not load global options: unable to read macaroon path (check the network setting!): ${(e as Error).message}`,
      Code.InvalidArgument,
      "macaroon-missing",
      "point --macaroonpath at a macaroon file, or set --lnddir / --network to where lnd keeps admin.macaroon",
    );
  }
  try {
    return { cert, macaroon: toMacaroonBytes(bytes) };
  } catch (e) {
    const err = WtclientError.from(e);
    throw new WtclientError(`macaroon file ${macPath}: ${err.rawMessage}`, err.code, err.reason, err.hint);
  }
}
