import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./free-port.js";

/** Where Debian's dante-server puts the daemon; PATH is searched first. */
const systemDirs = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

/** The `danted` binary, or undefined when dante-server is not installed. */
export function findDanted(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of [...(env.PATH ?? "").split(delimiter).filter(Boolean), ...systemDirs]) {
    const file = join(dir, "danted");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The one line a test prints when it skips for want of the daemon. */
export const dantedMissing =
  "danted (Debian's dante-server) is not installed: apt-get install dante-server to run the SOCKS5 proxy tests";

export interface Danted extends AsyncDisposable {
  /** `127.0.0.1:<port>` of the proxy */
  readonly address: string;
  /** everything danted logged so far (one line per connection and failure) */
  log(): string;
  close(): Promise<void>;
}

export interface DantedOptions {
  /** loopback ports the proxy refuses to connect to (a `socks block` rule: SOCKS5 reply "not allowed by ruleset") */
  readonly refusePorts?: readonly number[];
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

/**
 * Start danted in the foreground on a free loopback port with a generated config: no authentication,
 * clients and targets on loopback only, every connection logged to its stderr. As root it drops to
 * `nobody` for the work it does not need root for.
 */
export async function startDanted(options: DantedOptions = {}): Promise<Danted> {
  const bin = findDanted();
  if (bin === undefined) throw new Error(dantedMissing);
  const dir = mkdtempSync(join(tmpdir(), "wtclient-danted-"));
  const port = await freePort();
  const refuse = (options.refusePorts ?? []).map(
    (p) => `socks block { from: 127.0.0.0/8 to: 127.0.0.0/8 port = ${p} log: connect error }`,
  );
  const config = [
    "logoutput: stderr",
    `internal: 127.0.0.1 port = ${port}`,
    "external: 127.0.0.1",
    "clientmethod: none",
    "socksmethod: none",
    ...(process.getuid?.() === 0 ? ["user.privileged: root", "user.unprivileged: nobody"] : []),
    "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: error }",
    ...refuse,
    // names are resolved by the proxy (localhost and the like); targets stay on loopback
    "socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 log: connect error }",
    "socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 log: connect error }",
    "",
  ].join("\n");
  const file = join(dir, "danted.conf");
  writeFileSync(file, config);
  // Its own process group, so close() ends the daemon and the children it forks, and nothing else. The
  // shell around it ends it too when this process dies without closing it (a test worker killed at a
  // timeout): its stdin, our pipe, then reaches end of file; it removes the config folder as well.
  const watch = 'danted "$@" & daemon=$!; read -r _; kill "$daemon"; wait "$daemon"; rm -rf "$DANTED_DIR"';
  const child = spawn(
    "/bin/sh",
    ["-c", watch.replace("danted", bin), "sh", "-f", file, "-p", join(dir, "danted.pid"), "-N", "1"],
    {
      stdio: ["pipe", "ignore", "pipe"],
      detached: true,
      env: { ...process.env, DANTED_DIR: dir },
    },
  );
  let log = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (log += text));
  let exited = false;
  child.once("exit", () => (exited = true));
  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; !(await accepts(port)); i++) {
    if (exited || i > 200) {
      await stop();
      throw new Error(`danted did not start on 127.0.0.1:${port}: ${log.trim().split("\n").slice(-3).join(" | ")}`);
    }
    await sleep(50);
  }
  const danted: Danted = {
    address: `127.0.0.1:${port}`,
    log: () => log,
    close: stop,
    [Symbol.asyncDispose]: stop,
  };
  return danted;
}
