import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../src/parse-command-line.js";

const id = "0274ade1f10ab999ded8fbea16dc5d5f95c2d350114f567d7ec94c49715cfd25a9";

describe("parseCommandLine", () => {
  it.each([
    [["session", "terminate", id], ["session", "terminate"], [id]],
    [["--network", "regtest", "session", "terminate", id], ["session", "terminate"], [id]],
    [["session", "terminate", id, "-n", "regtest"], ["session", "terminate"], [id]],
    [["towers", "--include_sessions"], ["towers"], []],
    [["tower", id, "--include_sessions"], ["tower"], [id]],
    [["remove", `${id}@127.0.0.1:9911`], ["remove"], [`${id}@127.0.0.1:9911`]],
    [["stats"], ["stats"], []],
  ])("%j runs %j with %j", (argv, path, args) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.kind).toBe("run");
    if (parsed.kind !== "run") return;
    expect(parsed.command.path).toEqual(path);
    expect(parsed.args).toEqual(args);
  });

  it("reads global flags anywhere, in every spelling lncli knows", () => {
    const parsed = parseCommandLine([
      "-n",
      "regtest",
      "stats",
      "--rpcserver=127.0.0.1:1",
      "-lnddir",
      "/x",
      "--no-macaroons",
      "--macaroontimeout",
      "5",
      "-p",
      "",
      "--transport",
      "rest",
      "--timeout",
      "2.5",
      "-c",
      "bitcoin",
    ]);
    expect(parsed).toMatchObject({
      kind: "run",
      globals: {
        lnd: {
          network: "regtest",
          rpcserver: "127.0.0.1:1",
          lnddir: "/x",
          noMacaroons: true,
          macaroontimeout: 5,
          profile: "",
          chain: "bitcoin",
        },
        transport: "rest",
        timeoutSeconds: 2.5,
      },
    });
  });

  it("reads lncli's --socksproxy, --macfromjar and the repeatable --metadata", () => {
    const parsed = parseCommandLine([
      "--socksproxy",
      "127.0.0.1:9050",
      "stats",
      "--metadata",
      "a:1",
      "--macfromjar=readonly",
      "-metadata",
      "b:2",
    ]);
    expect(parsed).toMatchObject({
      kind: "run",
      globals: { lnd: { socksproxy: "127.0.0.1:9050", macfromjar: "readonly", metadata: ["a:1", "b:2"] } },
    });
  });

  it.each([["novalue"], ["a:b:c"], [""]])("--metadata %j is a usage error with lncli's text", (value) => {
    expect(parseCommandLine(["--metadata", value, "stats"])).toMatchObject({
      kind: "usage",
      message: 'invalid format for metadata flag; expected "key:value"',
    });
  });

  it("defaults to gRPC and 30 s, and leaves settings to core", () => {
    expect(parseCommandLine(["stats"])).toMatchObject({
      kind: "run",
      globals: { lnd: {}, transport: "grpc", timeoutSeconds: 30 },
    });
  });

  it.each([
    [["policy"], new Map()],
    [["policy", "--anchor"], new Map([["anchor", true]])],
    [["policy", "--taproot=false"], new Map([["taproot", false]])],
    [
      ["towers", "--include_sessions", "--exclude_exhausted_sessions"],
      new Map([
        ["include_sessions", true],
        ["exclude_exhausted_sessions", true],
      ]),
    ],
  ])("%j has command flags %j", (argv, flags) => {
    expect(parseCommandLine(argv)).toMatchObject({ kind: "run", flags });
  });

  it.each([
    [[], "no command given"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["wtclient", "stats"], 'unknown command "wtclient stats"'],
    [["session"], 'missing command after "session"'],
    [["session", "kill", id], 'unknown command "session kill'],
    [["session", "terminate"], "missing argument: id"],
    [["session", "terminate", id, id], "too many arguments"],
    [["add"], "missing argument: pubkey@address"],
    [["stats", "extra"], "too many arguments"],
    [["stats", "--include_sessions"], 'flag --include_sessions is not defined for "wtclient stats"'],
    [["stats", "--frob"], "unknown flag --frob"],
    [["stats", "--rpcserver"], "flag needs a value: --rpcserver"],
    [["towers", "--include_sessions=maybe"], 'invalid value "maybe" for flag --include_sessions'],
    [["policy", "--anchor", "--legacy"], "give at most one of --legacy, --anchor, --taproot"],
    [["stats", "--transport", "http"], 'invalid value "http" for flag --transport'],
    [["stats", "--timeout", "0"], 'invalid value "0" for flag --timeout'],
    [["stats", "--macaroontimeout", "-1"], 'invalid value "-1" for flag --macaroontimeout'],
    [["completion", "tcsh"], 'unknown shell "tcsh"'],
    [["help", "nope"], 'unknown command "nope"'],
  ])("%j is a usage error: %s", (argv, message) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.kind).toBe("usage");
    if (parsed.kind === "usage") expect(parsed.message).toContain(message);
  });

  it.each([
    [["--help"], undefined],
    [["-h"], undefined],
    [["help"], undefined],
    [
      ["help", "session", "terminate"],
      ["session", "terminate"],
    ],
    [
      ["session", "terminate", "--help"],
      ["session", "terminate"],
    ],
    [["-h", "towers", "--frob"], ["towers"]],
    [["session", "-h"], ["session"]],
  ])("%j asks for help on %j", (argv, path) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.kind).toBe("help");
    if (parsed.kind === "help") expect(parsed.topic?.path).toEqual(path);
  });

  it("knows --version, -v and the completion shells", () => {
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
    expect(parseCommandLine(["-v"])).toEqual({ kind: "version" });
    expect(parseCommandLine(["completion", "zsh"])).toEqual({ kind: "completion", shell: "zsh" });
  });
});
