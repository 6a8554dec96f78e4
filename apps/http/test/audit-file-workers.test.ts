import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distCli, spawnServiceBin } from "./spawn-service-bin.js";
import { bearer, pathKey, readToken, request, startSim, writeToken, type SimHandle } from "./harness.js";

const session = demoKey("session/beta/taproot");

// a primary and two workers start slowly on a loaded machine
describe("--audit-file with --workers 2", { timeout: 120_000 }, () => {
  let dir: string;
  let sim: SimHandle;

  beforeAll(async () => {
    if (!existsSync(distCli)) throw new Error(`${distCli} is missing: build the bin first (cd apps/http && npx tsup)`);
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-audit-workers-"));
    await writeFile(path.join(dir, "tokens.json"), JSON.stringify([readToken.entry, writeToken.entry]));
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives every worker the same list of terminated sessions, read from the one file", async () => {
    const file = path.join(dir, "audit.jsonl");
    const flags = Object.entries(sim.flags).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const service = spawnServiceBin(
      [
        ...flags,
        "--workers",
        "2",
        "--listen",
        "127.0.0.1:0",
        "--tokens",
        path.join(dir, "tokens.json"),
        // relative: each worker must resolve it as the primary did
        "--audit-file",
        "audit.jsonl",
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir } },
    );
    const { records, seen } = service;
    try {
      await seen((r) => r.workers === 2 && typeof r.url === "string");
      const url = String(records.find((r) => r.workers === 2)!.url);
      // every worker says where its entries go
      await seen((r) => r.auditFile === file && r.worker === 1);
      await seen((r) => r.auditFile === file && r.worker === 2);
      const terminated = await request(`${url}/v2/watchtower/client/sessions/terminate/${pathKey(session)}`, {
        method: "POST",
        headers: bearer(writeToken.token),
      });
      expect(terminated.status).toBe(200);
      await seen((r) => r.audit === true && r.rpc === "TerminateSession" && r.outcome === "ok");
      const terminator = records.find((r) => r.audit === true)!.worker;
      // each request on a new connection: the primary hands them to the workers in turn
      for (let i = 0; i < 6; i++) {
        const listed = await request(`${url}/v1/audit/terminated`, { headers: bearer(readToken.token) });
        expect(listed.status).toBe(200);
        const sessions = (listed.json as { sessions: { session_id: string; caller: string }[] }).sessions;
        expect(sessions).toEqual([expect.objectContaining({ session_id: session, caller: "writer" })]);
      }
      // both workers answered, the one that did not terminate the session included
      const answeredBy = (worker: unknown) =>
        seen((r) => r.msg === "request" && r.route === "/v1/audit/terminated" && r.worker === worker);
      await answeredBy(1);
      await answeredBy(2);
      expect([1, 2]).toContain(terminator);
    } finally {
      service.kill("SIGTERM");
    }
    expect(await service.exited).toBe(0);
    expect(service.stderr()).toBe("");
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { target: string }).target)).toEqual([session]);
  });
});
