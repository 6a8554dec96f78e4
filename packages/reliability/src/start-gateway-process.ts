import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import type { GatewayFault } from "./start-gateway-server.js";

export interface GatewayProcess {
  readonly port: number;
  /** Faults the child reported so far (a rejected gateway promise, an uncaught exception). */
  readonly faults: GatewayFault[];
  /** Whether the child is still running. */
  alive(): boolean;
  close(): Promise<void>;
}

const packageDir = fileURLToPath(new URL("../", import.meta.url));
const entry = fileURLToPath(new URL("./gateway-fuzz-server.ts", import.meta.url));

/**
 * The gateway with an echo service in a child process: a request that makes the gateway loop forever
 * blocks only the child, so the test's deadline still fires and names the request.
 */
export async function startGatewayProcess(startDeadlineMs = 30_000): Promise<GatewayProcess> {
  // tsx runs the TypeScript sources and, from this package's tsconfig paths, resolves workspace packages to src as vitest does
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: packageDir,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const faults: GatewayFault[] = [];
  let exited = false;
  const exit = once(child, "exit").then(() => void (exited = true));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the gateway process did not start within ${startDeadlineMs} ms`)),
      startDeadlineMs,
    );
    void exit.then(() => reject(new Error("the gateway process exited before it listened")));
    lines.on("line", (line) => {
      const [word, rest] = [line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)];
      if (word === "listening") {
        clearTimeout(timer);
        resolve(Number(rest));
      } else if (word === "fault") faults.push(JSON.parse(rest) as GatewayFault);
    });
  }).catch((e: unknown) => {
    child.kill("SIGKILL");
    throw e;
  });
  return {
    port,
    faults,
    alive: () => !exited,
    close: async () => {
      if (exited) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
