import {
  createLndTransportFromSettings,
  createWatchtowerClient,
  resolveLndSettings,
  type LndTransport,
} from "@wtclient/core";
import { callWatchtower } from "./call-watchtower.js";
import { decodeCommandArgs, type CommandRequest } from "./decode-command-args.js";
import { formatCliError } from "./format-cli-error.js";
import type { ParsedCommandLine } from "./parse-command-line.js";
import type { CliIo } from "./run-cli.js";

/** Run one lnd command: decode the arguments, resolve lncli's settings, call lnd, print; returns the exit code. */
export async function executeCommand(run: Extract<ParsedCommandLine, { kind: "run" }>, io: CliIo): Promise<number> {
  let request: CommandRequest;
  let transport: LndTransport;
  try {
    request = decodeCommandArgs(run.command, run.args, run.flags);
    const settings = resolveLndSettings(run.globals.lnd, io.env);
    transport = await createLndTransportFromSettings(settings, run.globals.transport, {
      defaultTimeoutMs: run.globals.timeoutSeconds * 1000,
    });
  } catch (e) {
    io.stderr(formatCliError(e, "local"));
    return 1;
  }
  try {
    io.stdout(await callWatchtower(createWatchtowerClient({ transport }), request));
    return 0;
  } catch (e) {
    io.stderr(formatCliError(e, "rpc"));
    return 1;
  } finally {
    await transport.close();
  }
}
