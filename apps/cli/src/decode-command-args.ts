import { Code } from "@connectrpc/connect";
import { hexToBytes, HexDecodeError, PolicyType, WtclientError } from "@wtclient/core";
import type { CommandSpec } from "./command-table.js";

/** One RPC to make, with its arguments decoded. */
export type CommandRequest =
  | { readonly name: "add"; readonly pubkey: Uint8Array; readonly address: string }
  | { readonly name: "remove"; readonly pubkey: Uint8Array; readonly address?: string }
  | { readonly name: "deactivate"; readonly pubkey: Uint8Array }
  | { readonly name: "towers"; readonly includeSessions: boolean; readonly excludeExhaustedSessions: boolean }
  | {
      readonly name: "tower";
      readonly pubkey: Uint8Array;
      readonly includeSessions: boolean;
      readonly excludeExhaustedSessions: boolean;
    }
  | { readonly name: "stats" }
  | { readonly name: "policy"; readonly policyType: PolicyType }
  | { readonly name: "session terminate"; readonly sessionId: Uint8Array };

const towerFormat = () =>
  new WtclientError("expected tower of format pubkey@address", Code.InvalidArgument, "invalid-address", "give the tower as pubkey@host[:port], the key in hex");

/** lncli's `hex.DecodeString`, with lncli's wording of its error. */
function hexArg(text: string, kind: "public key" | "session ID"): Uint8Array {
  try {
    return hexToBytes(text);
  } catch (e) {
    if (!(e instanceof HexDecodeError)) throw e;
    const where = kind === "session ID" ? "`wtclient towers --include_sessions`" : "`wtclient towers`";
    throw new WtclientError(`invalid ${kind}: ${e.message}`, Code.InvalidArgument, "invalid-key", `give the ${kind} in hex, as ${where} lists it`);
  }
}

/** lncli's policy flags: --anchor wins over --legacy, which wins over --taproot; none means LEGACY. */
function policyOf(flags: ReadonlyMap<string, boolean>): PolicyType {
  if (flags.get("anchor") === true) return PolicyType.ANCHOR;
  if (flags.get("legacy") === true) return PolicyType.LEGACY;
  if (flags.get("taproot") === true) return PolicyType.TAPROOT;
  return PolicyType.LEGACY;
}

/** Turn a parsed command line into the request lncli would send; bad input throws as lncli rejects it. */
export function decodeCommandArgs(command: CommandSpec, args: readonly string[], flags: ReadonlyMap<string, boolean>): CommandRequest {
  const first = args[0] ?? "";
  const sessions = { includeSessions: flags.get("include_sessions") === true, excludeExhaustedSessions: flags.get("exclude_exhausted_sessions") === true };
  const name = command.path.join(" ");
  switch (name) {
    case "add": {
      const parts = first.split("@");
      if (parts.length !== 2) throw towerFormat();
      return { name, pubkey: hexArg(parts[0]!, "public key"), address: parts[1]! };
    }
    case "remove": {
      const parts = first.split("@");
      if (parts.length > 2) throw towerFormat();
      const pubkey = hexArg(parts[0]!, "public key");
      return parts[1] !== undefined ? { name, pubkey, address: parts[1] } : { name, pubkey };
    }
    case "deactivate":
      return { name, pubkey: hexArg(first, "public key") };
    case "towers":
      return { name, ...sessions };
    case "tower":
      return { name, pubkey: hexArg(first, "public key"), ...sessions };
    case "stats":
      return { name };
    case "policy":
      return { name, policyType: policyOf(flags) };
    case "session terminate":
      return { name, sessionId: hexArg(first, "session ID") };
    default:
      throw new Error(`wtclient has no handler for "${name}"`);
  }
}
