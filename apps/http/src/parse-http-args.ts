import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { LndFlags } from "@wtclient/core";
import { envNameOf, httpFlags } from "./http-flags.js";
import type { HttpServiceConfig } from "./http-service-config.js";
import { parseTokenList } from "./token-list.js";

export type ParsedHttpArgs =
  | { readonly kind: "help" }
  | { readonly kind: "run"; readonly config: HttpServiceConfig }
  | { readonly kind: "errors"; readonly errors: readonly string[] };

export interface ParseHttpArgsDeps {
  readonly env?: NodeJS.ProcessEnv;
  /** Reads a file as UTF-8 (throws like fs.readFileSync). */
  readonly readFile?: (path: string) => string;
}

type Value = string | boolean;

function boolOf(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(t)) return true;
  if (["0", "false", "no", "off", ""].includes(t)) return false;
  return undefined;
}

/** The --config file: an object keyed by flag name, with JSON types matching the flags. */
function readConfigFile(file: string, readFile: (path: string) => string, errors: string[]): Map<string, Value> {
  const values = new Map<string, Value>();
  let json: unknown;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    errors.push(`--config: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? "unreadable"}`);
    return values;
  }
  try {
    json = JSON.parse(text);
  } catch (e) {
    // the parser's message quotes the file, which may hold secrets: only where it went wrong
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    errors.push(`--config: ${file} is not valid JSON${at !== undefined ? ` (at character ${at})` : ""}`);
    return values;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    errors.push(`--config: ${file} must hold a JSON object keyed by flag name`);
    return values;
  }
  for (const [key, value] of Object.entries(json)) {
    const spec = httpFlags.find((f) => f.name === key && !f.cliOnly);
    if (spec === undefined) errors.push(`--config: unknown setting "${key}" in ${file}`);
    else if (spec.type === "boolean" && typeof value !== "boolean")
      errors.push(`--config: "${key}" must be true or false`);
    else if (spec.type === "string" && typeof value === "number") values.set(key, String(value));
    else if (spec.type === "string" && typeof value !== "string") errors.push(`--config: "${key}" must be a string`);
    else values.set(key, value as Value);
  }
  return values;
}

function numberOf(flag: string, text: string | undefined, errors: string[]): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n)) errors.push(`--${flag}: expected a number, got "${text}"`);
  return n;
}

function readText(
  flag: string,
  file: string,
  readFile: (path: string) => string,
  errors: string[],
): string | undefined {
  try {
    return readFile(file);
  } catch (e) {
    errors.push(`--${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
}

/** Flags > WTCLIENT_HTTP_* > --config file > defaults, into a config for startHttpService; every mistake is listed. */
export function parseHttpArgs(argv: readonly string[], deps: ParseHttpArgsDeps = {}): ParsedHttpArgs {
  const env = deps.env ?? process.env;
  const readFile = deps.readFile ?? ((p: string) => readFileSync(p, "utf8"));
  const errors: string[] = [];
  let cli: Record<string, Value | undefined>;
  try {
    const options = Object.fromEntries(httpFlags.map((f) => [f.name, { type: f.type }]));
    cli = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<
      string,
      Value | undefined
    >;
  } catch (e) {
    return { kind: "errors", errors: [`${(e as Error).message} (see --help)`] };
  }
  if (cli.help === true) return { kind: "help" };

  const configFile = (cli.config as string | undefined) ?? env[envNameOf("config")];
  const file = configFile ? readConfigFile(configFile, readFile, errors) : new Map<string, Value>();
  const values = new Map<string, Value>();
  for (const spec of httpFlags) {
    if (spec.cliOnly) continue;
    const fromCli = cli[spec.name];
    const fromEnv = env[envNameOf(spec.name)];
    if (fromCli !== undefined) values.set(spec.name, fromCli);
    else if (fromEnv !== undefined && spec.type === "boolean") {
      const b = boolOf(fromEnv);
      if (b === undefined) errors.push(`${envNameOf(spec.name)}: expected true or false, got "${fromEnv}"`);
      else values.set(spec.name, b);
    } else if (fromEnv !== undefined && fromEnv !== "") values.set(spec.name, fromEnv);
    else if (file.has(spec.name)) values.set(spec.name, file.get(spec.name)!);
  }
  const str = (name: string) => values.get(name) as string | undefined;
  const bool = (name: string) => values.get(name) === true;

  let tls: HttpServiceConfig["tls"];
  const certFile = str("tls-cert");
  const keyFile = str("tls-key");
  if ((certFile === undefined) !== (keyFile === undefined))
    errors.push("--tls-cert and --tls-key: give both or neither");
  else if (certFile !== undefined && keyFile !== undefined) {
    const cert = readText("tls-cert", certFile, readFile, errors);
    const key = readText("tls-key", keyFile, readFile, errors);
    if (cert !== undefined && !cert.includes("-----BEGIN CERTIFICATE-----"))
      errors.push(`--tls-cert: ${certFile} holds no PEM certificate`);
    if (key !== undefined && !/-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(key))
      errors.push(`--tls-key: ${keyFile} holds no PEM private key`);
    if (cert !== undefined && key !== undefined) tls = { cert, key };
  }

  let tokens: HttpServiceConfig["tokens"];
  const tokenFile = str("tokens");
  if (tokenFile !== undefined) {
    const text = readText("tokens", tokenFile, readFile, errors);
    if (text !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        // the parser's message may quote the file, which could hold a token pasted by mistake
        errors.push(`--tokens: ${tokenFile} is not valid JSON`);
      }
      if (json !== undefined) {
        const parsed = parseTokenList(json);
        errors.push(...parsed.errors.map((m) => `--tokens: ${tokenFile}: ${m}`));
        tokens = parsed.tokens;
      }
    }
  }

  const transport = str("transport");
  const lnd: LndFlags = {};
  for (const name of [
    "rpcserver",
    "restserver",
    "lnddir",
    "network",
    "tlscertpath",
    "macaroonpath",
    "lndconnect",
    "socksproxy",
  ] as const) {
    const v = str(name);
    if (v !== undefined) lnd[name] = v;
  }
  const bodyLimit = numberOf("body-limit", str("body-limit"), errors);
  const timeout = numberOf("timeout", str("timeout"), errors);
  const numbers = {
    headerTimeoutSeconds: numberOf("header-timeout", str("header-timeout"), errors),
    bodyTimeoutSeconds: numberOf("body-timeout", str("body-timeout"), errors),
    idleTimeoutSeconds: numberOf("idle-timeout", str("idle-timeout"), errors),
    readinessIntervalSeconds: numberOf("readiness-interval", str("readiness-interval"), errors),
    maxLndCalls: numberOf("max-lnd-calls", str("max-lnd-calls"), errors),
    workers: numberOf("workers", str("workers"), errors),
  };
  const allowedHosts = str("allowed-host")
    ?.split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const metricsInterval = numberOf("metrics-interval", str("metrics-interval"), errors);
  const metricsTimeout = numberOf("metrics-timeout", str("metrics-timeout"), errors);
  const config: HttpServiceConfig = {
    ...(str("listen") !== undefined ? { listen: str("listen") } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(bool("tls-self-signed") ? { tlsSelfSigned: true } : {}),
    ...(tokens !== undefined ? { tokens } : {}),
    passthroughMacaroon: bool("passthrough-macaroon"),
    insecureNoAuth: bool("insecure-no-auth"),
    insecurePlaintext: bool("insecure-plaintext"),
    sim: bool("sim"),
    ...(bool("no-console") ? { console: false } : {}),
    ...(str("cors-origin") !== undefined ? { corsOrigin: str("cors-origin") } : {}),
    ...(str("audit-file") !== undefined ? { auditFile: str("audit-file") } : {}),
    ...(bodyLimit !== undefined && !Number.isNaN(bodyLimit) ? { bodyLimitBytes: bodyLimit } : {}),
    ...(timeout !== undefined && !Number.isNaN(timeout) ? { timeoutSeconds: timeout } : {}),
    ...Object.fromEntries(Object.entries(numbers).filter(([, n]) => n !== undefined && !Number.isNaN(n))),
    ...(allowedHosts !== undefined ? { allowedHosts } : {}),
    ...(transport !== undefined ? { transport: transport as "grpc" | "rest" } : {}),
    ...(bool("metrics-only") ? { metricsOnly: true } : {}),
    ...(metricsInterval !== undefined && !Number.isNaN(metricsInterval)
      ? { metricsIntervalSeconds: metricsInterval }
      : {}),
    ...(metricsTimeout !== undefined && !Number.isNaN(metricsTimeout) ? { metricsTimeoutSeconds: metricsTimeout } : {}),
    lnd,
  };
  return errors.length > 0 ? { kind: "errors", errors } : { kind: "run", config };
}
