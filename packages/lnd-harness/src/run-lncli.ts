import { execFile } from "node:child_process";

export interface LncliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run lncli (or any program) to completion with only PATH and HOME in its environment, so no LNCLI_*
 * variable or ~/.lncli profile of the machine's user changes what it does.
 */
export function runLncli(
  lncli: string,
  args: readonly string[],
  options: { home: string; timeoutMs?: number },
): Promise<LncliResult> {
  const env = { PATH: process.env.PATH ?? "", HOME: options.home };
  return new Promise((done, fail) => {
    execFile(
      lncli,
      [...args],
      { env, encoding: "utf8", timeout: options.timeoutMs ?? 60_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number")
          fail(new Error(`${lncli} ${args.join(" ")}: ${error.message}`));
        else done({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}
