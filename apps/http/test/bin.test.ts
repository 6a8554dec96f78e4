import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, readToken, request, writeToken } from "./harness.js";

/** The built bin, as `npm i -g` would run it. */
const distCli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

describe("the wtclient-http bin", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (!existsSync(distCli)) throw new Error(`${distCli} is missing: build the bin first (cd apps/http && npx tsup)`);
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-bin-"));
    await writeFile(path.join(dir, "tokens.json"), JSON.stringify([readToken.entry, writeToken.entry]));
    // only PATH and an empty HOME: nothing of this machine's lnd or lncli leaks in
    env = { PATH: process.env.PATH ?? "", HOME: dir };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [distCli, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      });
    });

  it("prints help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wtclient-http: /);
    expect(r.stdout).toContain("--passthrough-macaroon");
  });

  it("exits 2 with one line per mistake", async () => {
    const r = await run(["--listen", "0.0.0.0:0", "--insecure-no-auth", "--timeout", "0"]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^wtclient-http: --(listen|insecure-no-auth|timeout): /);
  });

  it("starts with --sim, says so first, answers, and exits 0 on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [distCli, "--sim", "--listen", "127.0.0.1:0", "--tokens", path.join(dir, "tokens.json")],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const lines: Record<string, unknown>[] = [];
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        lines.push(record);
        if (typeof record.url === "string") resolve(record.url);
      });
      child.once("exit", () => reject(new Error("the bin exited before listening")));
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    try {
      const url = await listening;
      expect(String(lines[0]?.msg)).toMatch(/^--sim: serving the embedded lnd double \(lnd-sim, NOT a real lnd\)/);
      expect((await request(`${url}/readyz`)).json).toMatchObject({ ready: true });
      const stats = await request(`${url}/v2/watchtower/client/stats`, { headers: bearer(readToken.token) });
      expect(stats.status).toBe(200);
      expect(stats.json).toHaveProperty("num_sessions_acquired");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    expect(lines.at(-1)?.msg).toBe("stopped");
    const text = lines.map((l) => JSON.stringify(l)).join("\n");
    expect(text).not.toContain(readToken.token);
  });
});
