import { spawn, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The built bin (a worker process runs it too). */
export const distCli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** The bin running as its own process, with every JSON line it logged. */
export interface ServiceBin {
  /** Every log line so far, parsed. */
  readonly records: Record<string, unknown>[];
  /** Resolves once a logged line passes `test` (at once when one already did). */
  seen(test: (r: Record<string, unknown>) => boolean): Promise<void>;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Its exit code, once it exited. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Start `node dist/cli.js ...args`, reading its stdout as JSON lines. */
export function spawnServiceBin(args: readonly string[], options: Pick<SpawnOptions, "cwd" | "env">): ServiceBin {
  const child = spawn(process.execPath, [distCli, ...args], { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const records: Record<string, unknown>[] = [];
  const waiters: { test: (r: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    records.push(record);
    for (const w of waiters.filter((w) => w.test(record))) w.resolve();
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  return {
    records,
    seen: (test) =>
      new Promise<void>((resolve) => {
        if (records.some(test)) resolve();
        else waiters.push({ test, resolve });
      }),
    stderr: () => stderr,
    exited,
    kill: (signal) => child.kill(signal),
  };
}
