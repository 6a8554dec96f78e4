import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Code } from "@connectrpc/connect";
import { PolicyType } from "@wtclient/core";
import { foreignCertPath, macaroonFor, unreachableAddress } from "./credentials.js";
import type { Driver } from "./driver.js";
import { keyText } from "./key-arg.js";
import type { CallContext, CallInput, Outcome } from "./scenario.js";
import type { Target } from "./target.js";

/** The real `wtclient` bin, run as a user runs it. */
export const cliBin = resolve(dirname(fileURLToPath(import.meta.url)), "../../../apps/cli/dist/cli.js");

/** The command words lncli's `wtclient` tree takes for the call. */
function commandOf(input: CallInput): string[] {
  const sessionFlags = (i: { includeSessions?: boolean; excludeExhaustedSessions?: boolean }) => [
    ...(i.includeSessions ? ["--include_sessions"] : []),
    ...(i.excludeExhaustedSessions ? ["--exclude_exhausted_sessions"] : []),
  ];
  switch (input.rpc) {
    case "terminateSession":
      return ["session", "terminate", keyText(input.id)];
    case "deactivateTower":
      return ["deactivate", keyText(input.pubkey)];
    case "addTower":
      return ["add", `${keyText(input.pubkey)}@${input.address}`];
    case "removeTower":
      return ["remove", input.address ? `${keyText(input.pubkey)}@${input.address}` : keyText(input.pubkey)];
    case "listTowers":
      return ["towers", ...sessionFlags(input)];
    case "getTowerInfo":
      return ["tower", ...sessionFlags(input), keyText(input.pubkey)];
    case "stats":
      return ["stats"];
    case "policy":
      return ["policy", `--${PolicyType[input.policyType ?? PolicyType.LEGACY].toLowerCase()}`];
  }
}

/** `[wtclient] rpc error: code = X desc = text` or `[wtclient] text`, as lncli prints them. */
function errorOf(stderr: string): Outcome {
  const first = stderr.split("\n")[0] ?? "";
  const rpc = /^\[wtclient\] rpc error: code = (\w+) desc = (.*)$/.exec(first);
  if (rpc) return { ok: false, code: Code[rpc[1] as keyof typeof Code] ?? Code.Unknown, message: rpc[2]! };
  return { ok: false, code: Code.Unknown, message: first.replace(/^\[wtclient\] /, "") };
}

function run(args: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // a clean environment: no LNCLI_* variables or lncli profile of the machine's user
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LNCLI_")));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cliBin, ...args],
      { env: { ...env, HOME: home }, encoding: "utf8" },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The CLI in a child process over one transport: stdout JSON, stderr and exit code. */
export function cliDriver(transport: "grpc" | "rest"): Driver {
  return {
    name: `cli/${transport}`,
    unsupported(_s, input, ctx: CallContext) {
      if (!existsSync(cliBin)) return "apps/cli/dist/cli.js is not built";
      const key = "id" in input ? input.id : "pubkey" in input ? input.pubkey : undefined;
      if (key && "form" in key && (key.form === "base64" || key.form === "base64url"))
        return "the CLI takes keys in hex, as lncli does";
      if (key && "text" in key && key.text === "")
        return "the CLI refuses a missing id as a usage error (lncli would send it); its tests cover that";
      return ctx.timeoutSeconds % 1 === 0 ? undefined : "the CLI's --timeout is in whole seconds";
    },
    async call(target: Target, input: CallInput, ctx: CallContext): Promise<Outcome> {
      const home = mkdtempSync(join(tmpdir(), "wtclient-cli-driver-"));
      try {
        const address = ctx.connection === "unreachable" ? await unreachableAddress() : undefined;
        const macaroon = macaroonFor(target, ctx.macaroon);
        const macaroonFlags: string[] = [];
        if (macaroon === undefined) macaroonFlags.push("--no-macaroons");
        else {
          writeFileSync(join(home, "call.macaroon"), macaroon, { mode: 0o600 });
          macaroonFlags.push("--macaroonpath", join(home, "call.macaroon"));
          // the expired one must travel as it is: no fresh caveat on top
          if (ctx.macaroon === "expired") macaroonFlags.push("--macaroontimeout", "0");
        }
        const args = [
          "--network",
          "regtest",
          "--transport",
          transport,
          "--rpcserver",
          address ?? target.rpcserver,
          "--restserver",
          address ?? target.restserver,
          "--tlscertpath",
          ctx.connection === "wrong-cert" ? foreignCertPath : target.tlsCertPath,
          "--timeout",
          String(ctx.timeoutSeconds),
          ...macaroonFlags,
          ...commandOf(input),
        ];
        const r = await run(args, home);
        if (r.code === 0) return { ok: true, value: JSON.parse(r.stdout) };
        if (r.code === 2)
          return { ok: false, code: Code.InvalidArgument, message: `usage error: ${r.stderr.split("\n")[0]}` };
        return errorOf(r.stderr);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}
