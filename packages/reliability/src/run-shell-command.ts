import { execFile } from "node:child_process";
import type { CliRun } from "./run-wtclient.js";

/** Where and with what environment a recipe's command runs. */
export interface ShellCommandOptions {
  readonly cwd: string;
  /** the whole environment: nothing of this process's leaks in */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Run one command of a shell recipe with `/bin/sh -c` to its end (at most 60 s), asynchronously so that
 * whatever this process serves keeps answering; resolves with its exit code and output.
 */
export function runShellCommand(command: string, options: ShellCommandOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      "/bin/sh",
      ["-c", command],
      { cwd: options.cwd, env: { ...options.env }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") reject(error);
        else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}
