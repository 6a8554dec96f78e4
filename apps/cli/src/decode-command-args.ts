import { Code } from "@connectrpc/connect";
import {
  PolicyType,
  WtclientError,
  watchtowerMethodNames,
  watchtowerMethods,
  type WatchtowerMethodName,
} from "@wtclient/core";
import { hexToBytes, HexDecodeError } from "@wtclient/core/internal";
import type { CommandSpec } from "./command-table.js";

/** The RPC a command makes (the method table row whose lncli words are the command's) and its arguments. */
export interface CommandRequest {
  readonly method: WatchtowerMethodName;
  /** The arguments of the method of `createWatchtowerClient`, decoded as lncli decodes them. */
  readonly args: readonly unknown[];
}

const towerFormat = () =>
  new WtclientError(
    "expected tower of format pubkey@address",
    Code.InvalidArgument,
    "invalid-address",
    "give the tower as pubkey@host[:port], the key in hex",
  );

/** lncli's `hex.DecodeString`, with lncli's wording of its error. */
function hexArg(text: string, kind: "public key" | "session ID"): Uint8Array {
  try {
    return hexToBytes(text);
  } catch (e) {
    if (!(e instanceof HexDecodeError)) throw e;
    const where = kind === "session ID" ? "`wtclient towers --include_sessions`" : "`wtclient towers`";
    throw new WtclientError(
      `invalid ${kind}: ${e.message}`,
      Code.InvalidArgument,
      "invalid-key",
      `give the ${kind} in hex, as ${where} lists it`,
    );
  }
}

/** lncli's policy flags: --anchor wins over --legacy, which wins over --taproot; none means LEGACY. */
function policyOf(flags: ReadonlyMap<string, boolean>): PolicyType {
  if (flags.get("anchor") === true) return PolicyType.ANCHOR;
  if (flags.get("legacy") === true) return PolicyType.LEGACY;
  if (flags.get("taproot") === true) return PolicyType.TAPROOT;
  return PolicyType.LEGACY;
}

/** The method whose lncli words are `words` (`"session terminate"`). */
export function methodOfCommand(words: string): WatchtowerMethodName | undefined {
  return watchtowerMethodNames.find((name) => watchtowerMethods[name].lncli.join(" ") === words);
}

/** Turn a parsed command line into the request lncli would send; bad input throws as lncli rejects it. */
export function decodeCommandArgs(
  command: CommandSpec,
  args: readonly string[],
  flags: ReadonlyMap<string, boolean>,
): CommandRequest {
  const name = command.path.join(" ");
  const method = methodOfCommand(name);
  if (method === undefined) throw new Error(`wtclient has no handler for "${name}"`);
  return { method, args: argsOf(name, args, flags) };
}

/** lncli's decoding of each command's arguments and flags. */
function argsOf(name: string, args: readonly string[], flags: ReadonlyMap<string, boolean>): readonly unknown[] {
  const first = args[0] ?? "";
  const sessions = {
    includeSessions: flags.get("include_sessions") === true,
    excludeExhaustedSessions: flags.get("exclude_exhausted_sessions") === true,
  };
  switch (name) {
    case "add": {
      const parts = first.split("@");
      if (parts.length !== 2) throw towerFormat();
      return [hexArg(parts[0]!, "public key"), parts[1]!];
    }
    case "remove": {
      const parts = first.split("@");
      if (parts.length > 2) throw towerFormat();
      return [hexArg(parts[0]!, "public key"), parts[1]];
    }
    case "deactivate":
      return [hexArg(first, "public key")];
    case "towers":
      return [sessions];
    case "tower":
      return [hexArg(first, "public key"), sessions];
    case "stats":
      return [];
    case "policy":
      return [policyOf(flags)];
    case "session terminate":
      return [hexArg(first, "session ID")];
    default:
      throw new Error(`wtclient has no handler for "${name}"`);
  }
}
