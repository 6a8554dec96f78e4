import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtins, commands } from "../src/command-table.js";
import { fixtureDir } from "./capture.js";
import { assertBuilt, closedAddress, distCli, runBin, tempHome } from "./run-bin.js";

/** Whether a shell is installed here (zsh and fish often are not; bash always is). */
function hasShell(name: string): boolean {
  try {
    execFileSync(name, ["-c", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Run a shell program and return its stdout. */
function shell(name: string, program: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(name, name === "bash" ? ["--norc", "-c", program] : ["-c", program], (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const id = "0274ade1f10ab999ded8fbea16dc5d5f95c2d350114f567d7ec94c49715cfd25a9";
const fixtureFlags = [
  "--tlscertpath",
  path.join(fixtureDir, "tls.cert"),
  "--macaroonpath",
  path.join(fixtureDir, "admin.macaroon"),
];

let home: Awaited<ReturnType<typeof tempHome>>;
let nowhere: string;
beforeAll(async () => {
  home = await tempHome();
  nowhere = await closedAddress();
});
afterAll(() => home.remove());
const run = (...args: string[]) => runBin(args, { home: home.dir });

describe("wtclient bin: help, version, completion", () => {
  it("--version prints the package version", async () => {
    expect(await run("--version")).toEqual({ code: 0, stdout: `wtclient version ${pkg.version}\n`, stderr: "" });
  });

  it("--help lists every command and global flag and says lncli wtclient X == wtclient X", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    for (const c of [...commands, ...builtins]) expect(r.stdout).toContain(c.path.join(" "));
    for (const flag of [
      "--rpcserver",
      "--lnddir",
      "--tlscertpath",
      "--macaroonpath",
      "-n, --network",
      "-c, --chain",
      "--no-macaroons",
      "--macaroontimeout",
      "--macaroonip",
      "-p, --profile",
      "--socksproxy",
      "--macfromjar",
      "--metadata",
      "--transport",
      "--restserver",
      "--lndconnect",
      "--timeout",
      "--servername",
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain("`lncli wtclient X` is `wtclient X`");
    expect(r.stdout).toContain("wins over --lnddir");
  });

  it.each([...commands, ...builtins].map((c) => [c.path.join(" ")]))(
    "%s --help shows usage and an example",
    async (words) => {
      const viaFlag = await run(...words.split(" "), "--help");
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toContain(`Usage: wtclient [global flags] ${words}`);
      expect(viaFlag.stdout).toMatch(/Example:\n {2}wtclient /);
      expect(await run("help", ...words.split(" "))).toEqual(viaFlag);
      expect(await run(...words.split(" "), "-h")).toEqual(viaFlag);
    },
  );

  it("documents the two deliberate differences from lncli", async () => {
    expect((await run("session", "terminate", "--help")).stdout).toContain("a missing id is a usage error here");
    expect((await run("--help")).stdout).toContain("when given it wins over --lnddir");
  });

  it.each([
    [["session", "terminate"], "missing argument: id", "wtclient session terminate"],
    [["frobnicate"], 'unknown command "frobnicate"', "Commands:"],
    [[], "no command given", "Commands:"],
    [["session"], 'missing command after "session"', "terminate"],
    [["stats", "--frob"], "unknown flag --frob", "wtclient stats"],
    [["stats", "--include_sessions"], 'flag --include_sessions is not defined for "wtclient stats"', "wtclient stats"],
    [["tower"], "missing argument: pubkey", "wtclient tower"],
    [["towers", id], "too many arguments", "wtclient towers"],
    [["policy", "--legacy", "--taproot"], "give at most one", "wtclient policy"],
    [["stats", "--transport", "http"], 'invalid value "http" for flag --transport', "wtclient stats"],
    [["completion"], "missing argument", "wtclient completion"],
  ])("%j: usage on stderr, exit 2", async (argv, message, usage) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`[wtclient] ${message}`);
    expect(r.stderr).toContain(usage);
  });

  it.each(["bash", "zsh", "fish"])("completion %s names every command and flag", async (shell) => {
    const r = await run("completion", shell);
    expect(r.code).toBe(0);
    for (const word of [
      "add",
      "remove",
      "deactivate",
      "towers",
      "tower",
      "stats",
      "policy",
      "session",
      "terminate",
      "completion",
    ]) {
      expect(r.stdout).toContain(word);
    }
    for (const flag of [
      "include_sessions",
      "exclude_exhausted_sessions",
      "anchor",
      "taproot",
      "rpcserver",
      "transport",
    ])
      expect(r.stdout).toContain(flag);
  });

  it("the bash completion completes commands, subcommands and flags", async () => {
    const script = (await run("completion", "bash")).stdout;
    const complete = async (line: string) => {
      const words = line.split(" ");
      const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _wtclient; echo "\${COMPREPLY[*]}"`;
      return (await shell("bash", program)).trim();
    };
    expect((await complete("wtclient to")).split(" ").sort()).toEqual(["tower", "towers"]);
    expect(await complete("wtclient -n regtest session t")).toBe("terminate");
    expect(await complete("wtclient towers --inc")).toBe("--include_sessions");
    expect(await complete("wtclient policy --a")).toBe("--anchor");
    expect(await complete("wtclient --transport r")).toBe("rest");
    expect(await complete("wtclient --sock")).toBe("--socksproxy");
    expect(await complete("wtclient stats --metad")).toBe("--metadata");
    expect(await complete("wtclient completion f")).toBe("fish");
  });

  it.skipIf(!hasShell("fish"))("the fish completion completes commands, subcommands and flags", async () => {
    const script = (await run("completion", "fish")).stdout;
    const complete = async (line: string) =>
      (await shell("fish", `${script}\ncomplete -C '${line}'`))
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]);
    expect(await complete("wtclient to")).toEqual(["tower", "towers"]);
    expect(await complete("wtclient session t")).toEqual(["terminate"]);
    expect(await complete("wtclient towers --inc")).toEqual(["--include_sessions"]);
    expect(await complete("wtclient --transport ")).toEqual(["grpc", "rest"]);
  });

  it.skipIf(!hasShell("zsh"))("the zsh completion loads and registers itself for wtclient", async () => {
    const script = (await run("completion", "zsh")).stdout;
    expect(script.startsWith("#compdef wtclient\n")).toBe(true);
    const file = path.join(home.dir, "_wtclient");
    await writeFile(file, script);
    expect(
      await shell(
        "zsh",
        `autoload -U compinit && compinit -u -d /dev/null; source ${file}; print -r -- $_comps[wtclient]`,
      ),
    ).toBe("_wtclient\n");
  });
});

describe("wtclient bin: local errors, exit 1", () => {
  it.each([
    [["session", "terminate", "zz"], "invalid session ID: encoding/hex: invalid byte: U+007A 'z'"],
    [["session", "terminate", "abc"], "invalid session ID: encoding/hex: odd length hex string"],
    [["tower", "0g"], "invalid public key: encoding/hex: invalid byte: U+0067 'g'"],
    [["deactivate", "abc"], "invalid public key: encoding/hex: odd length hex string"],
    [["add", "02ab"], "expected tower of format pubkey@address"],
    [["add", "02ab@a@b"], "expected tower of format pubkey@address"],
    [["remove", "02ab@a@b"], "expected tower of format pubkey@address"],
    [["remove", "xy@127.0.0.1"], "invalid public key: encoding/hex: invalid byte: U+0078 'x'"],
  ])("%j -> [wtclient] %s", async (argv, text) => {
    const r = await run(...argv);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(
      new RegExp(`^\\[wtclient\\] ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\nhint: .+\\n$`),
    );
  });

  it("a network lncli does not know is a settings error", async () => {
    const r = await run("--network", "moonnet", "stats");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[wtclient\] unknown network: moonnet\nhint: /);
  });

  it("a missing macaroon file is lncli's error, without rpc error", async () => {
    const r = await run(
      "--tlscertpath",
      path.join(fixtureDir, "tls.cert"),
      "--lnddir",
      home.dir,
      "--network",
      "regtest",
      "stats",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^\[wtclient\] could not load global options: unable to read macaroon path \(check the network setting!\): /,
    );
  });

  it("a key core rejects is reported as lnd would answer it", async () => {
    const r = await run(...fixtureFlags, "--rpcserver", nowhere, "session", "terminate", id.slice(0, 64));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^\[wtclient\] rpc error: code = Unknown desc = malformed public key: invalid length: 32\nhint: /,
    );
  });

  it.each([["grpc"], ["rest"]])(
    "nothing listening (%s): Unavailable with a hint naming the address, no macaroon",
    async (transport) => {
      const r = await run(
        ...fixtureFlags,
        "--transport",
        transport,
        "--rpcserver",
        nowhere,
        "--restserver",
        nowhere,
        "stats",
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `[wtclient] rpc error: code = Unavailable desc = connect ECONNREFUSED ${nowhere}\nhint: is lnd running at ${nowhere}? check --rpcserver/--restserver and that lnd listens there\n`,
      );
      const macaroonHex = readFileSync(path.join(fixtureDir, "admin.macaroon")).toString("hex");
      expect(r.stderr).not.toContain(macaroonHex.slice(0, 40));
    },
  );
});

describe("wtclient bin: fast start", () => {
  /** The files a module loads before it runs: itself and its static imports, transitively. */
  function staticClosure(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^import (?:[^"]*? from )?"(\.\/[^"]+)";?$/gm))
      staticClosure(path.join(path.dirname(file), m[1]!), seen);
    return seen;
  }

  it("help, usage, version and completion load no dependency: the lnd client is a lazy chunk", () => {
    assertBuilt();
    const files = [...staticClosure(distCli)];
    const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
    // esbuild marks bundled third-party code with `// ../../node_modules/<pkg>/...` comments
    expect(text).not.toMatch(/node_modules\//);
    expect(text).toMatch(/import\("\.\/execute-command-[\w-]+\.js"\)/);
  });

  it("a call without --socksproxy loads no SOCKS client: it is a chunk of its own", () => {
    assertBuilt();
    const dir = path.dirname(distCli);
    const command = readdirSync(dir).find((f) => /^execute-command-[\w-]+\.js$/.test(f))!;
    const text = [...staticClosure(path.join(dir, command))].map((f) => readFileSync(f, "utf8")).join("\n");
    expect(text).toContain("execute-command");
    expect(text).not.toMatch(/node_modules\/socks\//);
  });
});
