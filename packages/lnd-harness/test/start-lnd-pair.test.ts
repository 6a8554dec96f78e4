import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lndDirFromEnv, lndSkipMessage, startLndPair } from "../src/index.js";

// Fake lnd/lncli binaries (shell scripts) exercise every way the harness must clean up, without a real lnd.
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "wtclient-harness-test-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function fakeLndDir(lndScript: string): string {
  const dir = join(scratch, "bin");
  mkdirSync(dir);
  for (const [name, body] of [
    ["lnd", lndScript],
    ["lncli", "exit 1"],
  ] as const)
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still not ${what}`);
    await sleep(200);
  }
}

describe("lndDirFromEnv", () => {
  it("is undefined when WTCLIENT_LND_DIR is unset or empty, and the skip line says how to set it", () => {
    expect(lndDirFromEnv({})).toBeUndefined();
    expect(lndDirFromEnv({ WTCLIENT_LND_DIR: "" })).toBeUndefined();
    expect(lndSkipMessage).toBe("set WTCLIENT_LND_DIR=<a folder holding lnd and lncli> to run against a real lnd");
  });

  it("names the missing binary when the folder lacks one", () => {
    expect(() => lndDirFromEnv({ WTCLIENT_LND_DIR: scratch })).toThrow(
      `WTCLIENT_LND_DIR=${scratch} holds no executable lnd`,
    );
  });

  it("returns the folder when both binaries are there", () => {
    const dir = fakeLndDir("exit 0");
    expect(lndDirFromEnv({ WTCLIENT_LND_DIR: dir })).toBe(dir);
  });
});

describe("startLndPair cleans up", () => {
  it("when an lnd exits before it is ready: the error shows its output, and no folder is left", async () => {
    process.env.TMPDIR = join(scratch, "tmp");
    try {
      mkdirSync(process.env.TMPDIR);
      const lndDir = fakeLndDir('echo "unable to start: no chain backend"; exit 3');
      await expect(startLndPair({ lndDir })).rejects.toThrow(
        /lnd \((tower|client|inactive)\) exited \(3\) before it was ready; last lines of its output:\nunable to start: no chain backend/,
      );
      expect(readdirSync(process.env.TMPDIR)).toEqual([]);
    } finally {
      delete process.env.TMPDIR;
    }
  });

  for (const death of ["SIGKILL", "exit"] as const) {
    it(`when the test process ${death === "exit" ? "exits without closing" : "is killed"}: its lnd processes are killed and its folder removed`, async () => {
      const marks = join(scratch, "pids");
      const tmp = join(scratch, "tmp");
      mkdirSync(tmp);
      // never ready: lncli always fails
      const lndDir = fakeLndDir(`echo $$ >> ${marks}\nexec sleep 300`);
      const harness = new URL("../dist/index.js", import.meta.url).href;
      const script = `
        import { startLndPair } from ${JSON.stringify(harness)};
        import { existsSync, readFileSync } from "node:fs";
        startLndPair({ lndDir: ${JSON.stringify(lndDir)} });
        const t = setInterval(() => {
          if (existsSync(${JSON.stringify(marks)}) && readFileSync(${JSON.stringify(marks)}, "utf8").trim().split("\\n").length === 3) {
            clearInterval(t);
            console.log("spawned");
          }
        }, 100);
        process.stdin.on("data", () => process.exit(0));`;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, TMPDIR: tmp },
        stdio: ["pipe", "pipe", "inherit"],
      });
      await new Promise<void>((done) =>
        child.stdout.on("data", (d: Buffer) => d.toString().includes("spawned") && done()),
      );
      const pids = readFileSync(marks, "utf8").trim().split("\n").map(Number);
      expect(pids.every(alive)).toBe(true);
      expect(readdirSync(tmp)).toHaveLength(1);
      if (death === "SIGKILL") child.kill("SIGKILL");
      else child.stdin.write("exit\n");
      await eventually("killed", () => pids.every((p) => !alive(p)));
      await eventually("removed", () => readdirSync(tmp).length === 0);
      expect(existsSync(tmp)).toBe(true);
    });
  }
});

describe("npm run test:lnd", () => {
  it("without WTCLIENT_LND_DIR prints the skip line alone and exits 0", async () => {
    const script = new URL("../../../scripts/test-lnd.mjs", import.meta.url).pathname;
    const { WTCLIENT_LND_DIR: _, ...env } = process.env;
    const child = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise((done) => child.on("exit", done));
    expect({ code, out, err }).toEqual({ code: 0, out: `${lndSkipMessage}\n`, err: "" });
  });
});
