import { describe, expect, it } from "vitest";
import {
  formatHttpHelp,
  httpFlags,
  parseHttpArgs,
  validateHttpServiceConfig,
  type HttpServiceConfig,
} from "../src/index.js";
import { readToken, writeToken } from "./harness.js";

const files: Record<string, string> = {
  "tokens.json": JSON.stringify([readToken.entry, writeToken.entry]),
  "cfg.json": JSON.stringify({
    listen: "127.0.0.1:9000",
    timeout: 5,
    "passthrough-macaroon": true,
    network: "regtest",
  }),
  "cert.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "key.pem": "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n",
};
const readFile = (p: string): string => {
  const text = files[p];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: "ENOENT" });
  return text;
};

function config(argv: string[], env: Record<string, string> = {}): HttpServiceConfig {
  const parsed = parseHttpArgs(argv, { env, readFile });
  if (parsed.kind !== "run") throw new Error(JSON.stringify(parsed));
  return parsed.config;
}

function errors(argv: string[], env: Record<string, string> = {}): readonly string[] {
  const parsed = parseHttpArgs(argv, { env, readFile });
  return parsed.kind === "errors"
    ? parsed.errors
    : validateHttpServiceConfig(parsed.kind === "run" ? parsed.config : {});
}

describe("parseHttpArgs", () => {
  it("reads every setting from flags", () => {
    expect(
      config([
        "--listen",
        "[::1]:8443",
        "--tls-cert",
        "cert.pem",
        "--tls-key",
        "key.pem",
        "--tokens",
        "tokens.json",
        "--passthrough-macaroon",
        "--cors-origin",
        "https://a.example",
        "--body-limit",
        "2048",
        "--timeout",
        "2.5",
        "--transport",
        "rest",
        "--restserver",
        "127.0.0.1:8080",
        "--lnddir",
        "/l",
        "--network",
        "testnet",
        "--tlscertpath",
        "/l/tls.cert",
        "--macaroonpath",
        "/l/m",
      ]),
    ).toEqual({
      listen: "[::1]:8443",
      tls: { cert: files["cert.pem"], key: files["key.pem"] },
      tokens: [readToken.entry, writeToken.entry],
      passthroughMacaroon: true,
      insecureNoAuth: false,
      insecurePlaintext: false,
      sim: false,
      corsOrigin: "https://a.example",
      bodyLimitBytes: 2048,
      timeoutSeconds: 2.5,
      transport: "rest",
      lnd: {
        restserver: "127.0.0.1:8080",
        lnddir: "/l",
        network: "testnet",
        tlscertpath: "/l/tls.cert",
        macaroonpath: "/l/m",
      },
    });
  });

  it("takes flags over WTCLIENT_HTTP_* over --config", () => {
    expect(config(["--config", "cfg.json"])).toMatchObject({
      listen: "127.0.0.1:9000",
      timeoutSeconds: 5,
      passthroughMacaroon: true,
      lnd: { network: "regtest" },
    });
    expect(
      config([], {
        WTCLIENT_HTTP_CONFIG: "cfg.json",
        WTCLIENT_HTTP_LISTEN: "127.0.0.1:9001",
        WTCLIENT_HTTP_PASSTHROUGH_MACAROON: "false",
      }),
    ).toMatchObject({
      listen: "127.0.0.1:9001",
      passthroughMacaroon: false,
      timeoutSeconds: 5,
    });
    expect(
      config(["--listen", "127.0.0.1:9002", "--config", "cfg.json"], {
        WTCLIENT_HTTP_LISTEN: "127.0.0.1:9001",
        WTCLIENT_HTTP_SIM: "1",
      }),
    ).toMatchObject({
      listen: "127.0.0.1:9002",
      sim: true,
    });
  });

  it("takes --socksproxy, or WTCLIENT_HTTP_SOCKSPROXY, for the connection to lnd", () => {
    expect(config(["--socksproxy", "127.0.0.1:9050"])).toMatchObject({ lnd: { socksproxy: "127.0.0.1:9050" } });
    expect(config([], { WTCLIENT_HTTP_SOCKSPROXY: "127.0.0.1:9150" })).toMatchObject({
      lnd: { socksproxy: "127.0.0.1:9150" },
    });
  });

  it("asks for help", () => {
    expect(parseHttpArgs(["--help"], { env: {}, readFile }).kind).toBe("help");
    const help = formatHttpHelp();
    for (const flag of httpFlags) expect(help).toContain(`--${flag.name}`);
    expect(help).toContain("$WTCLIENT_HTTP_LISTEN");
  });

  it.each([
    { argv: ["--bogus"], want: /Unknown option '--bogus'/ },
    { argv: ["serve"], want: /Unexpected argument 'serve'/ },
    { argv: ["--listen", "8280"], want: /^--listen: expected HOST:PORT/ },
    { argv: ["--listen", "127.0.0.1:70000"], want: /^--listen: port 70000 is out of range/ },
    { argv: ["--listen", "0.0.0.0:8280"], want: /^--listen: 0\.0\.0\.0:8280 is reachable from other machines/ },
    {
      argv: ["--listen", "0.0.0.0:8280", "--insecure-plaintext", "--insecure-no-auth"],
      want: /^--insecure-no-auth: only allowed when --listen is a loopback address/,
    },
    { argv: ["--tls-cert", "cert.pem"], want: /^--tls-cert and --tls-key: give both or neither/ },
    { argv: ["--tls-cert", "cert.pem", "--tls-key", "nope.pem"], want: /^--tls-key: cannot read nope\.pem: ENOENT/ },
    { argv: ["--tls-cert", "key.pem", "--tls-key", "key.pem"], want: /^--tls-cert: key\.pem holds no PEM certificate/ },
    {
      argv: ["--tls-cert", "cert.pem", "--tls-key", "key.pem", "--tls-self-signed"],
      want: /^--tls-self-signed: give either/,
    },
    { argv: ["--tokens", "cfg.json"], want: /^--tokens: cfg\.json: expected a JSON array/ },
    { argv: ["--tokens", "cert.pem"], want: /^--tokens: cert\.pem is not valid JSON/ },
    { argv: ["--body-limit", "lots"], want: /^--body-limit: expected a number, got "lots"/ },
    { argv: ["--body-limit", "0"], want: /^--body-limit: expected a whole number of bytes > 0/ },
    { argv: ["--timeout", "0"], want: /^--timeout: expected a number of seconds > 0/ },
    { argv: ["--transport", "carrier-pigeon"], want: /^--transport: expected grpc or rest/ },
    { argv: ["--cors-origin", "app.example"], want: /^--cors-origin: expected an origin/ },
    { argv: ["--audit-file", " "], want: /^--audit-file: expected the path of a file, got an empty string/ },
    { argv: ["--sim", "--rpcserver", "10.0.0.1:10009"], want: /^--sim: starts its own lnd double; drop --rpcserver/ },
    { argv: ["--config", "missing.json"], want: /^--config: cannot read missing\.json: ENOENT$/ },
    { argv: ["--header-timeout", "0"], want: /^--header-timeout: expected a number of seconds > 0/ },
    { argv: ["--body-timeout", "soon"], want: /^--body-timeout: expected a number, got "soon"/ },
    {
      argv: ["--idle-timeout", "9999999"],
      want: /^--idle-timeout: expected a number of seconds > 0 \(at most 2147483\)/,
    },
    { argv: ["--readiness-interval", "0"], want: /^--readiness-interval: expected a number of seconds > 0/ },
    { argv: ["--max-lnd-calls", "1.5"], want: /^--max-lnd-calls: expected a whole number > 0, got 1\.5/ },
    {
      argv: ["--allowed-host", "https://proxy.example"],
      want: /^--allowed-host: expected a host name or IP address without scheme or port, got "https:\/\/proxy\.example"/,
    },
    {
      argv: ["--cors-origin", "*", "--insecure-no-auth"],
      want: /^--cors-origin: \* with --insecure-no-auth would let any web page act/,
    },
    { argv: [], env: { WTCLIENT_HTTP_SIM: "maybe" }, want: /^WTCLIENT_HTTP_SIM: expected true or false, got "maybe"/ },
  ])("explains $argv $env", ({ argv, env, want }) => {
    const found = errors(argv, env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(want);
  });

  it("reads the hardening settings from flags, WTCLIENT_HTTP_* and --config", () => {
    expect(
      config([
        "--allowed-host",
        "proxy.example, 10.0.0.7",
        "--header-timeout",
        "3",
        "--body-timeout",
        "4.5",
        "--idle-timeout",
        "20",
        "--readiness-interval",
        "2",
        "--max-lnd-calls",
        "8",
      ]),
    ).toMatchObject({
      allowedHosts: ["proxy.example", "10.0.0.7"],
      headerTimeoutSeconds: 3,
      bodyTimeoutSeconds: 4.5,
      idleTimeoutSeconds: 20,
      readinessIntervalSeconds: 2,
      maxLndCalls: 8,
    });
    expect(config([], { WTCLIENT_HTTP_ALLOWED_HOST: "a.example", WTCLIENT_HTTP_MAX_LND_CALLS: "3" })).toMatchObject({
      allowedHosts: ["a.example"],
      maxLndCalls: 3,
    });
    files["hard.json"] = JSON.stringify({ "body-timeout": 7, "allowed-host": "b.example" });
    expect(config(["--config", "hard.json"])).toMatchObject({ bodyTimeoutSeconds: 7, allowedHosts: ["b.example"] });
  });

  it("never echoes the content of a --config file that is not JSON (it may hold secrets)", () => {
    files["broken.json"] = '{"listen": "127.0.0.1:1", "tokens": "hunter2-secret-value" oops}';
    const found = errors(["--config", "broken.json"]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^--config: broken\.json is not valid JSON( \(at character \d+\))?$/);
    expect(found[0]).not.toMatch(/hunter2|oops/);
  });

  it("lists every mistake at once", () => {
    expect(errors(["--listen", "0.0.0.0:1", "--insecure-no-auth", "--timeout", "0", "--transport", "x"])).toHaveLength(
      4,
    );
  });

  it("checks the tokens file entry by entry without echoing values", () => {
    files["bad-tokens.json"] = JSON.stringify([
      { id: "a", scope: "admin", sha256: "not-a-hash-but-maybe-a-token" },
      { id: "a", scope: "read", sha256: writeToken.entry.sha256, extra: 1 },
    ]);
    const found = errors(["--tokens", "bad-tokens.json"]);
    expect(found).toEqual([
      '--tokens: bad-tokens.json: entry 0: "scope" must be "read" or "write"',
      '--tokens: bad-tokens.json: entry 0: "sha256" must be the 64 hex characters of the token\'s SHA-256 (not the token itself)',
      '--tokens: bad-tokens.json: entry 1: unknown field "extra"',
    ]);
    expect(found.join("\n")).not.toContain("not-a-hash");
    files["dup-tokens.json"] = JSON.stringify([readToken.entry, { ...writeToken.entry, id: readToken.entry.id }]);
    expect(errors(["--tokens", "dup-tokens.json"])).toEqual([`--tokens: the id "${readToken.entry.id}" is used twice`]);
  });
});
