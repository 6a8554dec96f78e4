import { execFile } from "node:child_process";
import { ensureBuiltBin } from "./ensure-built-bin.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run the built `wtclient` bin (apps/cli/dist/cli.js) in a child process, asynchronously so that a double
 * in this process keeps answering. The environment is PATH and `home` only: no LNCLI_* or ~/.lncli leaks in.
 */
export function runWtclient(
  args: readonly string[],
  home: string,
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  const cli = ensureBuiltBin("apps/cli");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: home, ...env }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") reject(error);
        else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}
