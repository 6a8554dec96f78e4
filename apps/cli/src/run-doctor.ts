import { diagnose, resolveLndSettings } from "@wtclient/core";
import { formatDiagnosis } from "./format-diagnosis.js";
import type { ParsedCommandLine } from "./parse-command-line.js";
import type { CliIo } from "./run-cli.js";

/** `wtclient doctor [--json]`: every check on stdout; exit 0 when none failed, 1 when one did. */
export async function runDoctor(run: Extract<ParsedCommandLine, { kind: "doctor" }>, io: CliIo): Promise<number> {
  const diagnosis = await diagnose({
    settings: () => resolveLndSettings(run.globals.lnd, io.env),
    transport: run.globals.transport,
    timeoutMs: run.globals.timeoutSeconds * 1000,
  });
  io.stdout(run.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : formatDiagnosis(diagnosis));
  return diagnosis.healthy ? 0 : 1;
}
