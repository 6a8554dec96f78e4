import { readFileSync } from "node:fs";
import { completionScript } from "./completion-script.js";
import { formatHelp } from "./format-help.js";
import { parseCommandLine } from "./parse-command-line.js";

/** Where the CLI writes and what environment it reads. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

function version(): string {
  // package.json sits one level above both src/ and dist/
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Run the wtclient command line; returns the exit code (0 ok, 1 error, 2 usage error). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case "version":
      io.stdout(`wtclient version ${version()}\n`);
      return 0;
    case "help":
      io.stdout(formatHelp(parsed.topic));
      return 0;
    case "completion":
      io.stdout(completionScript(parsed.shell));
      return 0;
    case "usage":
      io.stderr(`[wtclient] ${parsed.message}\n\n${formatHelp(parsed.topic)}`);
      return 2;
    case "doctor": {
      const { runDoctor } = await import("./run-doctor.js");
      return runDoctor(parsed, io);
    }
    case "run": {
      // the lnd client (core, protobuf, the transport) loads only for a command that talks to lnd
      const { executeCommand } = await import("./execute-command.js");
      return executeCommand(parsed, io);
    }
  }
}
