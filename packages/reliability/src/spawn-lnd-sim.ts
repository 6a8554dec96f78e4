import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { ensureLndSimCli } from "./ensure-lnd-sim-cli.js";

export interface SpawnedLndSim {
  readonly pid: number;
  /** host:port of the gRPC listener */
  readonly rpcAddress: string;
  /** host:port of the REST listener */
  readonly restAddress: string;
  readonly lnddir: string;
  readonly tlsCertPath: string;
  readonly adminMacaroonPath: string;
  /** The double's fault/restart admin API (http://127.0.0.1:<port>). */
  readonly adminUrl: string;
  /** Resolves when the process has ended, with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnLndSimOptions {
  readonly lnddir: string;
  /** the JSON database; without it the double starts from its demo state and keeps changes in memory */
  readonly state?: string;
  /** how long the double may take to print its addresses */
  readonly startDeadlineMs?: number;
}

/** Run the real lnd double CLI on free loopback ports, with its database in `state`; resolves once it serves. */
export async function spawnLndSim(options: SpawnLndSimOptions): Promise<SpawnedLndSim> {
  const cli = ensureLndSimCli();
  const args = [cli, "--lnddir", options.lnddir, "--rpclisten", "127.0.0.1:0", "--restlisten", "127.0.0.1:0"];
  if (options.state !== undefined) args.push("--state", options.state);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const printed = new Map<string, string>();
  const lines = createInterface({ input: child.stdout });
  const deadlineMs = options.startDeadlineMs ?? 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`lnd-sim printed no addresses within ${deadlineMs} ms`)),
        deadlineMs,
      );
      void exited.then(({ code }) =>
        reject(new Error(`lnd-sim exited with ${String(code)} before serving: ${stderr.trim()}`)),
      );
      lines.on("line", (line) => {
        const m = /^([a-z.]+):\s+(.*)$/.exec(line);
        if (m) printed.set(m[1]!, m[2]!);
        // the last line of the start banner
        if (printed.has(options.state !== undefined ? "state" : "invoice.macaroon")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    pid: child.pid!,
    rpcAddress: printed.get("rpclisten")!,
    restAddress: printed.get("restlisten")!,
    lnddir: options.lnddir,
    tlsCertPath: printed.get("tlscertpath")!,
    adminMacaroonPath: printed.get("admin.macaroon")!,
    adminUrl: printed.get("admin")!,
    exited,
    kill: (signal) => void child.kill(signal),
  };
}
