import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built bin, as `npm i -g` would run it. */
export const distCli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Fail with a clear message when the bin has not been built. */
export function assertBuilt(): void {
  if (!existsSync(distCli)) throw new Error(`${distCli} is missing: build the bin first (cd apps/cli && npx tsup)`);
}

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `node dist/cli.js ...args` in a child process (async, so an in-process lnd double keeps serving).
 * The environment is only PATH, HOME and `env`: no LNCLI_* or ~/.lncli of the machine leaks in.
 */
export async function runBin(
  args: readonly string[],
  options: { home: string; env?: Record<string, string> },
): Promise<BinResult> {
  assertBuilt();
  const env = { PATH: process.env.PATH ?? "", HOME: options.home, ...options.env };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [distCli, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/** A fresh empty HOME; call the returned function to remove it. */
export async function tempHome(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-cli-home-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `127.0.0.1:<port>` where nothing listens (a port just freed; fetch refuses well-known ports like 1). */
export async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
