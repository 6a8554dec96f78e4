import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Run src/cli.ts as the bin runs (TS through tsx, workspace packages through tsconfig paths to their sources). */
function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) resolvePromise(child.exitCode);
    else child.once("exit", (code) => resolvePromise(code));
  });
}

/** Collect stdout until `done` says the banner is complete. */
function banner(child: ChildProcess, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (done(text)) resolvePromise(text);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${String(code)} before printing: ${text}`)));
  });
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("wtclient-lnd-sim", () => {
  it("prints its addresses and files, serves REST with the admin macaroon, and exits 0 on SIGTERM", async () => {
    const lnddir = await mkdtemp(join(tmpdir(), "lnd-sim-cli-"));
    dirs.push(lnddir);
    const child = cli([
      "--lnddir",
      lnddir,
      "--rpclisten",
      "127.0.0.1:0",
      "--restlisten",
      "127.0.0.1:0",
      "--wtclient.active",
    ]);
    children.push(child);
    const out = await banner(child, (t) => t.includes("invoice.macaroon:"));
    const field = (name: string): string => new RegExp(`^${name}:\\s+(\\S+)$`, "m").exec(out)![1]!;
    expect(field("rpclisten")).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(field("tlscertpath")).toBe(join(lnddir, "tls.cert"));
    expect(field("admin.macaroon")).toBe(join(lnddir, "data/chain/bitcoin/regtest/admin.macaroon"));
    expect(field("admin")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const body = await new Promise<string>((resolvePromise, reject) => {
      const [host, port] = field("restlisten").split(":");
      const req = request(
        {
          host,
          port: Number(port),
          path: "/v2/watchtower/client?include_sessions=true",
          ca: readFileSync(field("tlscertpath")),
          headers: { "Grpc-Metadata-macaroon": readFileSync(field("admin.macaroon")).toString("hex") },
          agent: false,
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolvePromise(text));
        },
      );
      req.on("error", reject);
      req.end();
    });
    const { towers } = JSON.parse(body) as { towers: Array<{ session_info: unknown[]; sessions: unknown[] }> };
    expect(towers.length).toBeGreaterThanOrEqual(2);
    expect(towers[0]!.session_info).toHaveLength(3);
    expect(towers[0]!.sessions.length).toBeGreaterThan(0);

    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  });

  it("explains itself with --help", async () => {
    const child = cli(["--help"]);
    children.push(child);
    const out = await banner(child, (t) => t.includes("SIGTERM"));
    expect(out).toContain("Usage: wtclient-lnd-sim --lnddir DIR");
    for (const flag of [
      "--network",
      "--rpclisten",
      "--restlisten",
      "--state",
      "--wtclient.active",
      "--tower-clients",
      "--latency-ms",
    ])
      expect(out).toContain(flag);
    expect(await exited(child)).toBe(0);
  });

  it.each([
    [["--rpclisten", "127.0.0.1:0"], "--lnddir is required"],
    [["--lnddir", "x", "--network", "bitcoin"], "unknown network: bitcoin"],
    [["--lnddir", "x", "--tower-clients", "5"], "--tower-clients: expected 3 or 4"],
    [["--lnddir", "x", "--wtclient.active=maybe"], '--wtclient.active: expected true or false, got "maybe"'],
  ])("rejects %j with exit code 2", async (args, message) => {
    const child = cli(args);
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    expect(await exited(child)).toBe(2);
    expect(stderr).toContain(message);
  });
});
