import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distCli, spawnServiceBin } from "./spawn-service-bin.js";
import { bearer, pathKey, readToken, request, startSim, writeToken, type SimHandle } from "./harness.js";

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// real processes (a primary and its workers) start slowly on a loaded machine
describe("wtclient-http --workers", { timeout: 120_000 }, () => {
  let dir: string;
  let sim: SimHandle;
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? "", HOME: dir });

  beforeAll(async () => {
    if (!existsSync(distCli)) throw new Error(`${distCli} is missing: build the bin first (cd apps/http && npx tsup)`);
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-workers-"));
    await writeFile(path.join(dir, "tokens.json"), JSON.stringify([readToken.entry, writeToken.entry]));
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  });

  /** Run the bin to its end. */
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [distCli, ...args], { env: env(), stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
      child.once("exit", (code) => resolve({ code, stderr }));
    });

  it("refuses a count that is not a whole number from 1 to 32, and --sim with several workers", async () => {
    for (const bad of ["0", "1.5", "33"]) {
      const r = await run(["--workers", bad, "--sim", "--listen", "127.0.0.1:0", "--insecure-no-auth"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--workers: expected a whole number from 1 to 32, got ${bad}`);
    }
    const r = await run(["--workers", "2", "--sim", "--listen", "127.0.0.1:0", "--insecure-no-auth"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--workers: cannot serve --sim from several processes");
  });

  it("serves from two processes sharing one listener, each answering and auditing as itself, and stops them all on SIGTERM", async () => {
    const flags = Object.entries(sim.flags).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const service = spawnServiceBin(
      [
        ...flags,
        "--workers",
        "2",
        "--tls-self-signed",
        "--listen",
        "127.0.0.1:0",
        "--tokens",
        path.join(dir, "tokens.json"),
      ],
      {
        env: env(),
      },
    );
    const { records, seen } = service;
    try {
      await seen((r) => r.workers === 2 && typeof r.url === "string");
      // the primary makes the certificate once: every worker presents it
      await seen((r) => typeof r.tlsCert === "string");
      const primary = records.find((r) => r.workers === 2)!;
      const url = String(primary.url);
      const cert = String(records.find((r) => typeof r.tlsCert === "string")?.tlsCert);
      // each request on a new connection: the primary hands connections to the workers in turn
      for (let i = 0; i < 4; i++) {
        const stats = await request(`${url}/v2/watchtower/client/stats`, {
          headers: bearer(readToken.token),
          ca: cert,
        });
        expect(stats.status).toBe(200);
        expect(stats.json).toHaveProperty("num_sessions_acquired");
      }
      const terminated = await request(
        `${url}/v2/watchtower/client/sessions/terminate/${pathKey(demoKey("session/alpha/anchor"))}`,
        { method: "POST", headers: bearer(writeToken.token), ca: cert },
      );
      expect(terminated.status).toBe(200);
      await seen((r) => r.audit === true && r.rpc === "TerminateSession" && r.outcome === "ok");
      await seen((r) => r.msg === "request" && r.worker === 1);
      await seen((r) => r.msg === "request" && r.worker === 2);
      // the audit line names the worker process that made the call
      const audit = records.find((r) => r.audit === true)!;
      expect([1, 2]).toContain(audit.worker);
      expect(records.filter((r) => r.msg === "request" && r.route === "Stats" && r.status === 200)).toHaveLength(4);
    } finally {
      service.kill("SIGTERM");
    }
    expect(await service.exited).toBe(0);
    expect(service.stderr()).toBe("");
    expect(records.at(-1)?.msg).toBe("stopped");
    expect(records.at(-1)?.worker).toBeUndefined();
    const pids = new Set(records.filter((r) => typeof r.worker === "number").map((r) => Number(r.pid)));
    expect(pids.size).toBe(2);
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
    expect(records.map((r) => JSON.stringify(r)).join("\n")).not.toContain(readToken.token);
  });
});
