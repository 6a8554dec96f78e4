import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHttpArgs } from "../src/index.js";
import {
  bearer,
  pathKey,
  readToken,
  request,
  startService,
  startSim,
  writeToken,
  type ServiceHandle,
  type SimHandle,
} from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

const session = demoKey("session/alpha/anchor");
const other = demoKey("session/alpha/taproot");
const unknownSession = demoKey("session/none-such");

describe("the console's routes", () => {
  let lnd: SimHandle;
  let service: ServiceHandle;
  let assets: string;

  beforeAll(async () => {
    // a stand-in for apps/console/dist: the page, a hashed script, and files that must not be served
    assets = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-console-"));
    await mkdir(path.join(assets, "assets"));
    await writeFile(
      path.join(assets, "index.html"),
      '<!doctype html><script type="module" src="./assets/index-abc123.js"></script>',
    );
    await writeFile(path.join(assets, "assets", "index-abc123.js"), "console.log('console')");
    await writeFile(path.join(assets, "assets", "index-abc123.js.map"), "{}");
    await writeFile(path.join(assets, "notes.txt"), "not for the web");
    lnd = await startSim();
    service = await startService({ lnd: lnd.flags, passthroughMacaroon: true, consoleDir: assets });
  });
  afterAll(async () => {
    await service?.[Symbol.asyncDispose]();
    await lnd?.[Symbol.asyncDispose]();
    await rm(assets, { recursive: true, force: true });
    expectNoSecrets([lnd.adminHex, lnd.readonlyHex, readToken.token, writeToken.token]);
  });

  it("serves the page at / with a strict CSP, hashed files for a year, and nothing else from the folder", async () => {
    const page = await request(`${service.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const csp = page.headers.get("content-security-policy");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const script = await request(`${service.url}/assets/index-abc123.js`);
    expect(script.status).toBe(200);
    expect(script.text).toBe("console.log('console')");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toContain("immutable");
    for (const hidden of [
      "/assets/index-abc123.js.map",
      "/notes.txt",
      "/index.html",
      "/assets/../notes.txt",
      "/assets/%2e%2e/notes.txt",
    ]) {
      // anything else is lnd's REST surface, which knows no such route
      const res = await request(`${service.url}${hidden}`, { headers: bearer(readToken.token) });
      expect(res.status, hidden).toBe(404);
      expect(res.text).not.toContain("not for the web");
    }
  });

  it("tells a caller who it is, and how to sign in when it is nobody", async () => {
    expect((await request(`${service.url}/v1/whoami`, { headers: bearer(writeToken.token) })).json).toEqual({
      caller: "writer",
      kind: "token",
      scope: "write",
    });
    expect((await request(`${service.url}/v1/whoami`, { headers: bearer(readToken.token) })).json).toEqual({
      caller: "reader",
      kind: "token",
      scope: "read",
    });
    expect(
      (await request(`${service.url}/v1/whoami`, { headers: { "grpc-metadata-macaroon": lnd.readonlyHex } })).json,
    ).toEqual({
      caller: "macaroon",
      kind: "macaroon",
      scope: "lnd",
    });
    const nobody = await request(`${service.url}/v1/whoami`);
    expect(nobody.status).toBe(401);
    expect(nobody.json).toMatchObject({ code: 16, sign_in: ["token", "macaroon"] });
    const wrong = await request(`${service.url}/v1/whoami`, { headers: bearer("no-such-token") });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ code: 16, message: "unknown bearer token" });
  });

  it("lists the sessions it terminated (newest first, once each), to read-scope callers and macaroons lnd accepts", async () => {
    const terminate = (id: string) =>
      request(`${service.url}/v2/watchtower/client/sessions/terminate/${pathKey(id)}`, {
        method: "POST",
        headers: bearer(writeToken.token),
      });
    expect((await terminate(session)).status).toBe(200);
    expect((await terminate(other)).status).toBe(200);
    expect((await terminate(session)).status).toBe(200);
    // lnd's refusal is not a termination
    expect((await terminate(unknownSession)).status).toBe(500);
    const listed = await request(`${service.url}/v1/audit/terminated`, { headers: bearer(readToken.token) });
    expect(listed.status).toBe(200);
    const sessions = (listed.json as { sessions: { session_id: string; caller: string; at: string }[] }).sessions;
    expect(sessions.map((s) => s.session_id)).toEqual([session, other]);
    expect(sessions.every((s) => s.caller === "writer" && !Number.isNaN(Date.parse(s.at)))).toBe(true);
    // a pass-through macaroon is asked of lnd first: a real one reads, a forged one does not
    expect(
      (await request(`${service.url}/v1/audit/terminated`, { headers: { "grpc-metadata-macaroon": lnd.readonlyHex } }))
        .status,
    ).toBe(200);
    const forged = await request(`${service.url}/v1/audit/terminated`, {
      headers: { "grpc-metadata-macaroon": lnd.readonlyHex.replace(/.{8}$/, "00000000") },
    });
    expect(forged.status).toBe(500);
    expect(forged.text).not.toContain(session);
    expect((await request(`${service.url}/v1/audit/terminated`)).status).toBe(401);
  });

  it("has no console with --no-console: / and its endpoints fall through to lnd's REST surface", async () => {
    expect(parseHttpArgs(["--no-console"])).toMatchObject({ kind: "run", config: { console: false } });
    expect(parseHttpArgs([], { env: { WTCLIENT_HTTP_NO_CONSOLE: "1" } })).toMatchObject({
      kind: "run",
      config: { console: false },
    });
    await using off = await startService({ lnd: lnd.flags, console: false, consoleDir: assets });
    for (const p of ["/", "/assets/index-abc123.js", "/v1/whoami", "/v1/audit/terminated"]) {
      const res = await request(`${off.url}${p}`, { headers: bearer(readToken.token) });
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-security-policy"), p).toBeNull();
    }
  });

  it("says how to get the console when its files are missing", async () => {
    await using bare = await startService({ lnd: lnd.flags, consoleDir: path.join(assets, "missing") });
    const res = await request(`${bare.url}/`);
    expect(res.status).toBe(404);
    expect(res.text).toContain("--no-console");
    expect(
      bare.log.records().some((r) => typeof r.msg === "string" && r.msg.startsWith("the web console is not built")),
    ).toBe(true);
  });
});
