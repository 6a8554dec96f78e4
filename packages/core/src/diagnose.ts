import { X509Certificate } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { readCertFile, toPemCert } from "./cert-input.js";
import { doctorCheckOrder, type Diagnosis, type DoctorCheck, type DoctorCheckId } from "./doctor-check.js";
import { WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";
import { describeMacaroon } from "./macaroon-caveats.js";
import { toMacaroonBytes } from "./macaroon-input.js";
import type { LndSettings } from "./lnd-settings.js";
import type { LndTransport } from "./lnd-transport.js";
import { createLndTransportFromSettings } from "./lnd-transport-from-settings.js";
import { watchtowerChecks } from "./watchtower-checks.js";
import { readWatchtowerSnapshot } from "./watchtower-snapshot.js";
import { WtclientError } from "./wtclient-error.js";

/** What {@link diagnose} checks. */
export interface DiagnoseOptions {
  /** lncli-style settings, or a function resolving them (its error becomes the settings check's verdict). */
  readonly settings: LndSettings | (() => LndSettings);
  /** lnd's surface to check through. */
  readonly transport: "grpc" | "rest";
  /** Deadline of each call to lnd; default 10 000 ms. */
  readonly timeoutMs?: number;
}

const networks = ["mainnet", "testnet", "testnet4", "regtest", "simnet", "signet"];
// what doctor itself calls, and the permission lnd wants for each (spec §4.1)
const readRpcs = ["ListTowers", "Stats", "Policy"];

/** OpenSSL's texts run on over several lines: the first says what happened. */
function firstLine(text: string): string {
  return text.split("\n")[0]!.replace(/:\s*[0-9A-F]{8,}:error:.*$/, "");
}

function failed(id: DoctorCheckId, e: unknown, summary?: string, hint?: string): DoctorCheck {
  const err = WtclientError.from(e);
  return { id, verdict: "fail", summary: summary ?? err.rawMessage, hint: hint ?? err.hint };
}

async function certCheck(settings: LndSettings): Promise<DoctorCheck> {
  const where = settings.tlsCertPath ?? "the certificate given inline (lndconnect or profile)";
  let pem: string;
  try {
    pem = settings.tlsCert !== undefined ? toPemCert(settings.tlsCert) : await readCertFile(settings.tlsCertPath ?? "");
  } catch (e) {
    return failed("tls-cert", e);
  }
  const cert = new X509Certificate(pem);
  const until = new Date(cert.validTo);
  if (until.getTime() < Date.now()) {
    return {
      id: "tls-cert",
      verdict: "fail",
      summary: `${where} expired on ${until.toISOString()}`,
      hint: "lnd makes a new tls.cert at start when its own has expired: restart lnd, then use the new file",
    };
  }
  return { id: "tls-cert", verdict: "ok", summary: `${where}, valid until ${until.toISOString().slice(0, 10)}` };
}

/** The network directories under lnddir that hold a macaroon of this name (for "wrong network?"). */
async function networksWith(settings: LndSettings, file: string): Promise<string[]> {
  const found: string[] = [];
  for (const net of networks) {
    if (net === settings.network) continue;
    const candidate = path.join(settings.lnddir, "data", "chain", "bitcoin", net, file);
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      found.push(net);
  }
  return found;
}

async function macaroonCheck(settings: LndSettings): Promise<DoctorCheck> {
  if (settings.noMacaroons) {
    return {
      id: "macaroon",
      verdict: "fail",
      summary: "no macaroon (--no-macaroons)",
      hint: "lnd refuses watchtower calls without a macaroon: drop --no-macaroons",
    };
  }
  const where = settings.macaroonPath ?? "the macaroon given inline (lndconnect or profile)";
  let bytes: Uint8Array;
  try {
    bytes = toMacaroonBytes(settings.macaroon ?? (await readFile(settings.macaroonPath ?? "")));
  } catch (e) {
    const file = settings.macaroonPath;
    const inDefault =
      file !== undefined &&
      path.dirname(file) === path.join(settings.lnddir, "data", "chain", "bitcoin", settings.network);
    const elsewhere = inDefault ? await networksWith(settings, path.basename(file)) : [];
    if (elsewhere.length > 0) {
      return {
        id: "macaroon",
        verdict: "fail",
        summary: `no ${path.basename(file!)} for network ${settings.network} in ${settings.lnddir}`,
        hint: `lnd keeps one for ${elsewhere.join(", ")}: is lnd running on that network? pass --network ${elsewhere[0]}`,
      };
    }
    return failed("macaroon", e, `cannot read ${where}: ${WtclientError.from(e).rawMessage}`);
  }
  let description: ReturnType<typeof describeMacaroon>;
  try {
    description = describeMacaroon(bytes);
  } catch (e) {
    return failed("macaroon", e);
  }
  const can = (entity: string, action: string): boolean =>
    description.permissions.some((p) => p.entity === entity && p.actions.includes(action));
  const uri = (rpc: string) => can("uri", `/wtclientrpc.WatchtowerClient/${rpc}`);
  const reads = can("offchain", "read") || readRpcs.every(uri);
  if (!reads) {
    return {
      id: "macaroon",
      verdict: "fail",
      summary: `${where} lacks offchain:read`,
      hint: "use admin.macaroon or readonly.macaroon (both carry offchain:read); invoice.macaroon is not enough",
    };
  }
  const expired = description.caveats
    .map((c) => /^time-before (.+)$/.exec(c)?.[1])
    .find((t) => t !== undefined && Date.parse(t) < Date.now());
  if (expired !== undefined) {
    return {
      id: "macaroon",
      verdict: "fail",
      summary: `${where} expired at ${expired} (time-before caveat)`,
      hint: "bake a new macaroon, or use lnd's admin.macaroon",
    };
  }
  const writes = can("offchain", "write");
  return {
    id: "macaroon",
    verdict: "ok",
    summary: `${where}: offchain:read${writes ? " and offchain:write" : " (read only: add, remove, deactivate and terminate need offchain:write)"}`,
  };
}

/** What lnd's first answer (or failure) says about reaching it, and about the watchtower client. */
function lndChecks(
  error: WtclientError | undefined,
  settings: LndSettings,
  kind: "grpc" | "rest",
  host: string,
): DoctorCheck[] {
  const over = `${kind === "grpc" ? "gRPC" : "REST"} at ${host}`;
  if (error === undefined) {
    return [
      { id: "lnd", verdict: "ok", summary: `lnd answers over ${over}, with the pinned certificate` },
      { id: "client-active", verdict: "ok", summary: "the watchtower client is active" },
    ];
  }
  if (error.reason === "client-not-active") {
    return [
      { id: "lnd", verdict: "ok", summary: `lnd answers over ${over}, with the pinned certificate` },
      { id: "client-active", verdict: "fail", summary: "watchtower client not active", hint: error.hint },
    ];
  }
  const flag =
    kind === "grpc"
      ? "--rpcserver (lnd's rpclisten, default port 10009)"
      : "--restserver (lnd's restlisten, default port 8080)";
  const certFile = settings.tlsCertPath ?? "the pinned certificate";
  const byReason: Partial<Record<string, [string, string]>> = {
    unreachable: [
      `nothing answers at ${host} (${kind}): ${firstLine(error.rawMessage)}`,
      `is lnd running, and is this its port? check ${flag}`,
    ],
    "certificate-mismatch": [
      `${host} answers with a certificate other than ${certFile}: ${error.rawMessage}`,
      `${error.hint}; or is ${host} another lnd than the one of --lnddir?`,
    ],
    "macaroon-invalid": [
      `lnd at ${host} refuses the macaroon: ${error.rawMessage}`,
      "the macaroon was baked by another lnd (or for another network): check --lnddir and --network",
    ],
    "lnd-too-old": [
      `${host} answers, but not as lnd's ${kind === "grpc" ? "gRPC" : "REST"} watchtower client service: ${error.rawMessage}`,
      `is ${host} lnd's ${kind === "grpc" ? "REST port (use --transport rest)" : "gRPC port (use --transport grpc)"}, or an lnd without the watchtower client RPC? check ${flag}`,
    ],
  };
  // the other listener of lnd: its REST port answers gRPC with a plain HTTP status; its gRPC port (HTTP/2
  // only) refuses the TLS handshake of an HTTP/1.1 client
  const otherPort =
    kind === "grpc" ? /^HTTP \d{3}\b/.test(error.rawMessage) : /no.application.protocol/i.test(error.rawMessage);
  if (otherPort) {
    byReason[error.reason] = [
      `${host} answers, but not with lnd's ${kind === "grpc" ? "gRPC" : "REST"}: ${firstLine(error.rawMessage)}`,
      kind === "grpc"
        ? `is ${host} lnd's REST port? give the gRPC one (rpclisten, default 10009) with --rpcserver, or use --transport rest`
        : `is ${host} lnd's gRPC port? give the REST one (restlisten, default 8080) with --restserver, or use --transport grpc`,
    ];
  }
  const [summary, hint] = byReason[error.reason] ?? [`lnd at ${host}: ${firstLine(error.rawMessage)}`, error.hint];
  return [
    { id: "lnd", verdict: "fail", summary, hint },
    { id: "client-active", verdict: "skip", summary: "not checked: lnd did not answer" },
  ];
}

/** The checks after the first failure that stops the run, marked skip. */
function skipRest(checks: DoctorCheck[], why: string): DoctorCheck[] {
  const done = new Set(checks.map((c) => c.id));
  return [
    ...checks,
    ...doctorCheckOrder
      .filter((id) => !done.has(id))
      .map((id): DoctorCheck => ({ id, verdict: "skip", summary: `not checked: ${why}` })),
  ];
}

function result(kind: "grpc" | "rest", host: string | undefined, checks: DoctorCheck[]): Diagnosis {
  return {
    healthy: checks.every((c) => c.verdict !== "fail"),
    transport: kind,
    ...(host !== undefined ? { lnd: host } : {}),
    checks,
  };
}

/**
 * `wtclient doctor`: settings, cert, macaroon, reaching lnd, the watchtower client, towers, sessions,
 * pending, failed and exhausted — in that order, each with a verdict and a hint; a check that cannot run
 * because an earlier one failed is skipped. It never throws: every problem is a check's verdict.
 *
 * @example
 * ```ts
 * import { diagnose, resolveLndSettings } from "@wtclient/core";
 *
 * const diagnosis = await diagnose({ settings: () => resolveLndSettings({ lnddir: "/home/me/.lnd" }), transport: "grpc" });
 * for (const check of diagnosis.checks) console.log(check.verdict, check.id, check.summary);
 * ```
 */
export async function diagnose(options: DiagnoseOptions): Promise<Diagnosis> {
  const kind = options.transport;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let settings: LndSettings;
  try {
    settings = typeof options.settings === "function" ? options.settings() : options.settings;
  } catch (e) {
    return result(kind, undefined, skipRest([failed("settings", e)], "the settings do not resolve"));
  }
  const host = kind === "grpc" ? settings.rpcserver : settings.restserver;
  const checks: DoctorCheck[] = [
    {
      id: "settings",
      verdict: "ok",
      summary: `lnddir ${settings.lnddir}, network ${settings.network}, ${kind} at ${host}`,
    },
    await certCheck(settings),
    await macaroonCheck(settings),
  ];
  if (checks.some((c) => c.verdict === "fail")) return result(kind, host, skipRest(checks, "fix the settings first"));

  let transport: LndTransport;
  try {
    transport = await createLndTransportFromSettings(settings, kind, { defaultTimeoutMs: timeoutMs });
  } catch (e) {
    return result(kind, host, skipRest([...checks, failed("lnd", e)], "lnd did not answer"));
  }
  try {
    const client = createClient(WatchtowerClient, transport);
    let first: WtclientError | undefined;
    try {
      await client.stats({}, { timeoutMs });
    } catch (e) {
      first = WtclientError.from(e, { host, method: "Stats", timeoutMs });
    }
    checks.push(...lndChecks(first, settings, kind, host));
    if (first !== undefined)
      return result(
        kind,
        host,
        skipRest(
          checks,
          first.reason === "client-not-active" ? "the watchtower client is not active" : "lnd did not answer",
        ),
      );
    try {
      checks.push(...watchtowerChecks(await readWatchtowerSnapshot(client, { timeoutMs })));
    } catch (e) {
      checks.push(failed("towers", WtclientError.from(e, { host, timeoutMs })));
      return result(kind, host, skipRest(checks, "lnd's tower list could not be read"));
    }
    return result(kind, host, checks);
  } finally {
    await transport.close();
  }
}
