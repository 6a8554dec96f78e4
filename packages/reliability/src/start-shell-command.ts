import { spawn } from "node:child_process";
import type { ShellCommandOptions } from "./run-shell-command.js";

/** A recipe's command left running in the background (`cmd &`). */
export interface BackgroundCommand extends AsyncDisposable {
  /** what it printed so far, stdout and stderr interleaved */
  output(): string;
  /** whether it has ended (by itself or by stop) */
  readonly exited: boolean;
  /** SIGTERM to it and everything it started; resolves once the shell around it has exited */
  stop(): Promise<void>;
}

/**
 * Start one command of a shell recipe in the background, as `cmd &` would, in its own process group so that
 * stop() ends it and whatever it forks (danted's children) and nothing else. The shell around it also ends the
 * group when this process dies without stopping it (a test worker killed at its timeout): its stdin, our pipe,
 * then reaches end of file.
 */
export function startShellCommand(command: string, options: ShellCommandOptions): BackgroundCommand {
  const watch = `${command} &\nread -r _\nkill 0`;
  const child = spawn("/bin/sh", ["-c", watch], {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr])
    stream.setEncoding("utf8").on("data", (t: string) => (output += t));
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await gone;
  };
  return {
    output: () => output,
    get exited() {
      return exited;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
