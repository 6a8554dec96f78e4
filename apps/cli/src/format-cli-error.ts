import { Code, ConnectError } from "@connectrpc/connect";
import { WtclientError } from "@wtclient/core";
import { scrubSecrets } from "@wtclient/core/internal";

/**
 * The stderr text of a failure, as lncli prints it with `[wtclient]` for `[lncli]`, plus a `hint:` line.
 * "rpc": the call failed (lnd's answer, or core's local check that answers with lnd's text):
 * `[wtclient] rpc error: code = Unknown desc = <lnd's text>`. "local": arguments, settings or files.
 */
export function formatCliError(error: unknown, origin: "rpc" | "local"): string {
  if (origin === "rpc") {
    const e = WtclientError.from(error);
    // connect's Code names are gRPC's (Go's codes.Code String()): Unknown, Unavailable, DeadlineExceeded, ...
    return `[wtclient] rpc error: code = ${Code[e.code]} desc = ${e.rawMessage}\nhint: ${e.hint}\n`;
  }
  const text =
    error instanceof ConnectError ? error.rawMessage : error instanceof Error ? error.message : String(error);
  const hint = error instanceof WtclientError ? `hint: ${error.hint}\n` : "";
  return `[wtclient] ${scrubSecrets(text)}\n${hint}`;
}
