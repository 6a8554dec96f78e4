import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readFile, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpConfigError, parseHttpArgs, startHttpService } from "../src/index.js";
import {
  bearer,
  makeToken,
  pathKey,
  readToken,
  request,
  startService,
  startSim,
  writeToken,
  type SimHandle,
} from "./harness.js";

const distCli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const alpha = demoKey("session/alpha/anchor");
const taproot = demoKey("session/alpha/taproot");
const gamma = demoKey("session/gamma/anchor");

type Listed = { sessions: { session_id: string; caller: string; at: string }[] };

const terminate = (url: string, id: string, headers: Record<string, string> = bearer(writeToken.token)) =>
  request(`${url}/v2/watchtower/client/sessions/terminate/${pathKey(id)}`, { method: "POST", headers });
const listed = async (url: string): Promise<string[]> => {
  const res = await request(`${url}/v1/audit/terminated`, { headers: bearer(readToken.token) });
  expect(res.status).toBe(200);
  return (res.json as Listed).sessions.map((s) => s.session_id);
};

// real service processes, restarted: slow on a loaded machine
describe("--audit-file", { timeout: 120_000 }, () => {
  let dir: string;
  let lnd: SimHandle;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-audit-file-"));
    lnd = await startSim();
  });
  afterAll(async () => {
    await lnd?.[Symbol.asyncDispose]();
    await rm(dir, { recursive: true, force: true });
  });

  it("is a flag, a WTCLIENT_HTTP_AUDIT_FILE variable and a --config setting", () => {
    expect(parseHttpArgs(["--audit-file", "/var/lib/wtclient/audit.jsonl"])).toMatchObject({
      kind: "run",
      config: { auditFile: "/var/lib/wtclient/audit.jsonl" },
    });
    expect(parseHttpArgs([], { env: { WTCLIENT_HTTP_AUDIT_FILE: "a.jsonl" } })).toMatchObject({
      kind: "run",
      config: { auditFile: "a.jsonl" },
    });
    const fromConfig = parseHttpArgs(["--config", "c.json"], {
      env: {},
      readFile: () => JSON.stringify({ "audit-file": "b.jsonl" }),
    });
    expect(fromConfig).toMatchObject({ kind: "run", config: { auditFile: "b.jsonl" } });
    const without = parseHttpArgs([], { env: {} });
    expect(without.kind === "run" && without.config).not.toHaveProperty("auditFile");
  });

  it("keeps the terminated sessions across a restart of the service on the same file (created 0600)", async () => {
    const file = path.join(dir, "restart.jsonl");
    {
      await using first = await startService({ lnd: lnd.flags, auditFile: file });
      expect((await terminate(first.url, alpha)).status).toBe(200);
      expect(await listed(first.url)).toEqual([alpha]);
      // answered, then closed at once: a clean shutdown stores the entry before it ends
      expect((await terminate(first.url, taproot)).status).toBe(200);
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      rpc: "TerminateSession",
      caller: "writer",
      target: alpha,
      outcome: "ok",
      route: "POST /v2/watchtower/client/sessions/terminate/{session_id}",
      surface: "rest",
    });
    await using second = await startService({ lnd: lnd.flags, auditFile: file });
    expect(await listed(second.url)).toEqual([taproot, alpha]);
    expect((await terminate(second.url, gamma)).status).toBe(200);
    expect(await listed(second.url)).toEqual([gamma, taproot, alpha]);
    // without the file, a new process knows nothing of them
    await using memory = await startService({ lnd: lnd.flags });
    expect(await listed(memory.url)).toEqual([]);
  });

  it("skips malformed and cut-short lines of the file, says so once, and keeps answering", async () => {
    const file = path.join(dir, "malformed.jsonl");
    await using service = await startService({ lnd: lnd.flags, auditFile: file });
    expect((await terminate(service.url, alpha)).status).toBe(200);
    // a hand edit, and a line cut short without its newline: the next append ends it, and is lost with it
    await appendFile(file, 'this is not json\n{"at":"2025-01-01T00:00:00.000Z","rpc":"Termina');
    expect((await terminate(service.url, gamma)).status).toBe(200);
    expect(await listed(service.url)).toEqual([alpha]);
    await appendFile(file, "\n");
    expect((await terminate(service.url, gamma)).status).toBe(200);
    expect(await listed(service.url)).toEqual([gamma, alpha]);
    expect(await listed(service.url)).toEqual([gamma, alpha]);
    const warnings = service.log.records().filter((r) => String(r.msg).includes("not whole JSON audit entries"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, auditFile: file });
  });

  it("follows a rotation by renaming (logrotate's default) and a removal: later entries go to the new file", async () => {
    const file = path.join(dir, "rotate.jsonl");
    const entriesOf = async (p: string) =>
      (await readFile(p, "utf8"))
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { target: string }).target);
    await using service = await startService({ lnd: lnd.flags, auditFile: file });
    expect((await terminate(service.url, alpha)).status).toBe(200);
    await rename(file, `${file}.1`);
    // read before any new entry: the list starts again from the new (empty) file, which is created 0600
    expect(await listed(service.url)).toEqual([]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await terminate(service.url, taproot)).status).toBe(200);
    expect(await listed(service.url)).toEqual([taproot]);
    await rm(file);
    expect((await terminate(service.url, gamma)).status).toBe(200);
    expect(await listed(service.url)).toEqual([gamma]);
    expect(await entriesOf(`${file}.1`)).toEqual([alpha]);
    expect(await entriesOf(file)).toEqual([gamma]);
    const notes = service.log.records().filter((r) => String(r.msg).includes("was renamed or removed"));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ level: 30, auditFile: file });
  });

  it("holds no token or macaroon, also for writes refused and writes with a pass-through macaroon", async () => {
    const file = path.join(dir, "secrets.jsonl");
    const stranger = makeToken("stranger", "write");
    {
      await using service = await startService({ lnd: lnd.flags, auditFile: file, passthroughMacaroon: true });
      expect((await terminate(service.url, alpha)).status).toBe(200);
      expect((await terminate(service.url, taproot, { "grpc-metadata-macaroon": lnd.adminHex })).status).toBe(200);
      // lnd refuses a read-only macaroon's write (with its code Unknown: 500)
      expect((await terminate(service.url, gamma, { "grpc-metadata-macaroon": lnd.readonlyHex })).status).toBe(500);
      expect((await terminate(service.url, gamma, bearer(readToken.token))).status).toBe(403);
      expect((await terminate(service.url, gamma, bearer(stranger.token))).status).toBe(401);
    }
    const text = await readFile(file, "utf8");
    const entries = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.caller, String(e.outcome).split(":")[0]])).toEqual([
      ["writer", "ok"],
      ["macaroon", "ok"],
      ["macaroon", "permission denied"],
      ["reader", "denied"],
      ["unauthenticated", "denied"],
    ]);
    for (const secret of [lnd.adminHex, lnd.readonlyHex, readToken.token, writeToken.token, stranger.token]) {
      // a 32-character slice is enough to give a secret away
      for (let i = 0; i + 32 <= secret.length; i += 16) expect(text).not.toContain(secret.slice(i, i + 32));
    }
    // only the entry's own fields, in the same order whoever wrote the line
    const keys = ["at", "rpc", "caller", "target", "outcome", "route", "surface"];
    for (const e of entries) expect(Object.keys(e)).toEqual(keys.filter((k) => k in e));
  });

  it("fails the start when the file cannot be opened, naming the path and the fix", async () => {
    const missing = path.join(dir, "no-such-dir", "audit.jsonl");
    const err = await startHttpService({ lnd: lnd.flags, insecureNoAuth: true, listen: "127.0.0.1:0", auditFile: dir })
      .then(async (s) => {
        await s.close();
        return undefined;
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpConfigError);
    expect((err as HttpConfigError).problems).toEqual([
      `--audit-file: cannot append to ${dir} (EISDIR): it is a directory: give the path of a file in it, e.g. <dir>/audit.jsonl`,
    ]);

    if (!existsSync(distCli)) throw new Error(`${distCli} is missing: build the bin first (cd apps/http && npx tsup)`);
    const flags = Object.entries(lnd.flags).flatMap(([k, v]) => [`--${k}`, String(v)]);
    for (const workers of ["1", "2"]) {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            distCli,
            ...flags,
            "--insecure-no-auth",
            "--listen",
            "127.0.0.1:0",
            "--workers",
            workers,
            "--audit-file",
            missing,
          ],
          { env: { PATH: process.env.PATH ?? "", HOME: dir }, stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
        child.once("exit", (code) => resolve({ code, stderr }));
      });
      expect(run.code, `--workers ${workers}`).toBe(2);
      expect(run.stderr).toBe(
        `wtclient-http: --audit-file: cannot append to ${missing} (ENOENT): its directory does not exist: create it, or choose another path\n`,
      );
    }
    expect(existsSync(missing)).toBe(false);
  });
});
