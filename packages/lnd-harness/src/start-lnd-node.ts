import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePorts } from "./free-port.js";
import { runLncli, type LncliResult } from "./run-lncli.js";
import { waitUntil } from "./wait-until.js";

/** One running regtest lnd. */
export interface LndNode {
  /** "tower", "client" or "inactive" */
  readonly name: string;
  readonly lnddir: string;
  /** gRPC, host:port on loopback */
  readonly rpcAddress: string;
  /** REST, host:port on loopback */
  readonly restAddress: string;
  /** the peer-to-peer listener */
  readonly p2pAddress: string;
  /** the watchtower server's listener, on the tower only */
  readonly towerAddress?: string;
  readonly tlsCertPath: string;
  /** the folder holding admin, readonly and invoice.macaroon */
  readonly macaroonDir: string;
  readonly macaroonPaths: { readonly admin: string; readonly readonly: string; readonly invoice: string };
  /** lnd's stdout and stderr */
  readonly logPath: string;
  readonly pid: number;
}

export interface RunningLnd {
  readonly node: LndNode;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

export interface LndNodeOptions {
  readonly name: string;
  readonly lndDir: string;
  /** the node's own lnddir (created, and emptied before each attempt) */
  readonly lnddir: string;
  /** HOME for lnd and lncli */
  readonly home: string;
  /** run a watchtower server, or the watchtower client */
  readonly role: "tower" | "client" | "plain";
  readonly readyTimeoutMs: number;
  /** told each lnd pid as soon as it exists */
  readonly onSpawn: (pid: number) => void;
}

const network = "regtest";
const attempts = 4;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

/** lncli's global flags that reach `node` with its admin macaroon. */
export function lncliFlags(node: Pick<LndNode, "lnddir" | "rpcAddress">): string[] {
  return [`--lnddir=${node.lnddir}`, `--network=${network}`, `--rpcserver=${node.rpcAddress}`];
}

/**
 * Start lnd on fresh loopback ports and wait until `lncli getinfo` answers. Ports are bound and released
 * just before lnd binds them; if another process takes one in between, lnd fails to listen and the
 * node is started again on other ports.
 */
export async function startLndNode(o: LndNodeOptions): Promise<RunningLnd> {
  const lnd = join(o.lndDir, "lnd");
  const lncli = join(o.lndDir, "lncli");
  for (let attempt = 1; ; attempt++) {
    rmSync(o.lnddir, { recursive: true, force: true });
    mkdirSync(o.lnddir, { recursive: true, mode: 0o700 });
    const [rpc, rest, p2p, tower] = await freePorts(4);
    const at = (port: number | undefined) => `127.0.0.1:${port}`;
    const args = [
      "--bitcoin.regtest",
      "--bitcoin.node=nochainbackend",
      "--noseedbackup",
      "--nobootstrap",
      "--debuglevel=info",
      "--tlsextradomain=localhost",
      `--lnddir=${o.lnddir}`,
      `--rpclisten=${at(rpc)}`,
      `--restlisten=${at(rest)}`,
      `--listen=${at(p2p)}`,
      ...(o.role === "tower"
        ? ["--watchtower.active", `--watchtower.listen=${at(tower)}`, `--watchtower.externalip=${at(tower)}`]
        : []),
      ...(o.role === "client" ? ["--wtclient.active"] : []),
    ];
    const logPath = join(o.lnddir, "lnd.out");
    const log = openSync(logPath, "a");
    const child = spawn(lnd, args, {
      stdio: ["ignore", log, log],
      env: { PATH: process.env.PATH ?? "", HOME: o.home },
    });
    closeSync(log);
    if (child.pid === undefined) throw new Error(`could not start ${lnd}`);
    o.onSpawn(child.pid);
    const macaroonDir = join(o.lnddir, "data", "chain", "bitcoin", network);
    const node: LndNode = {
      name: o.name,
      lnddir: o.lnddir,
      rpcAddress: at(rpc),
      restAddress: at(rest),
      p2pAddress: at(p2p),
      ...(o.role === "tower" ? { towerAddress: at(tower) } : {}),
      tlsCertPath: join(o.lnddir, "tls.cert"),
      macaroonDir,
      macaroonPaths: {
        admin: join(macaroonDir, "admin.macaroon"),
        readonly: join(macaroonDir, "readonly.macaroon"),
        invoice: join(macaroonDir, "invoice.macaroon"),
      },
      logPath,
      pid: child.pid,
    };
    const running: RunningLnd = {
      node,
      stop: async (graceMs = 30_000) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited(child);
        clearTimeout(timer);
      },
    };
    let ready: LncliResult | "exited";
    try {
      ready = await waitUntil(
        `lnd (${o.name}) to answer lncli getinfo`,
        o.readyTimeoutMs,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) return "exited" as const;
          // lnd writes its macaroons once the wallet is open; before that lncli cannot even be asked (and costs a process)
          if (!existsSync(node.macaroonPaths.admin)) return undefined;
          const r = await runLncli(lncli, [...lncliFlags(node), "getinfo"], { home: o.home });
          return r.code === 0 ? r : undefined;
        },
        1_000,
      );
    } catch (e) {
      await running.stop(5_000);
      throw new Error(`${(e as Error).message}; last lines of its output:\n${tail(logPath)}`, { cause: e });
    }
    if (ready !== "exited") return running;
    const output = tail(logPath);
    if (/address already in use/i.test(output) && attempt < attempts) continue;
    throw new Error(
      `lnd (${o.name}) exited (${child.exitCode ?? child.signalCode}) before it was ready; last lines of its output:\n${output}`,
    );
  }
}
