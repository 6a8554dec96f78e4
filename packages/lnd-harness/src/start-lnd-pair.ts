import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLncli, type LncliResult } from "./run-lncli.js";
import { spawnReaper } from "./spawn-reaper.js";
import { lncliFlags, startLndNode, type LndNode, type RunningLnd } from "./start-lnd-node.js";
import { waitUntil } from "./wait-until.js";

export interface LndPairOptions {
  /** a folder holding `lnd` and `lncli` (see lndDirFromEnv) */
  readonly lndDir: string;
  /** how long each wait (a node answering, sessions negotiated) may take; default 600 s (a very busy 2-core machine) */
  readonly readyTimeoutMs?: number;
}

/** A watchtower, a client backing up to it (`--wtclient.active`), and a node without the watchtower client. */
export interface LndPair extends AsyncDisposable {
  readonly tower: LndNode;
  readonly client: LndNode;
  readonly inactive: LndNode;
  /** the tower's identity key, hex */
  readonly towerPubkey: string;
  /** `pubkey@host:port` as `wtclient add` takes it */
  readonly towerUri: string;
  readonly lncliPath: string;
  /** an empty HOME for lncli (no profiles) */
  readonly home: string;
  /** `lncli --lnddir --network --rpcserver <node's> ...args` with the node's admin macaroon */
  lncli(node: LndNode, args: readonly string[]): Promise<LncliResult>;
  /** stop all three (SIGTERM, then SIGKILL) and remove their folders */
  close(): Promise<void>;
}

type SessionInfo = { num_sessions: number };

/** Every tower client (one per policy type: 3 on lnd v0.18-v0.20, 4 later) holds a session with the tower. */
function everyClientHasSession(listing: string, towerPubkey: string): boolean {
  const towers = (JSON.parse(listing) as { towers: { pubkey: string; session_info: SessionInfo[] }[] }).towers;
  const infos = towers.find((t) => t.pubkey === towerPubkey)?.session_info ?? [];
  return infos.length > 0 && infos.every((i) => i.num_sessions > 0);
}

/**
 * Start a real regtest lnd trio on free loopback ports in a fresh temporary folder, the three in parallel,
 * register the tower with the client and wait until the client holds a session with it for every policy type.
 * Everything is stopped and removed by `close()`, when start-up fails, when this process exits, and (by a
 * detached reaper) when this process is killed.
 */
export async function startLndPair(options: LndPairOptions): Promise<LndPair> {
  const timeout = options.readyTimeoutMs ?? 600_000;
  const root = mkdtempSync(join(tmpdir(), "wtclient-lnd-"));
  const home = join(root, "home");
  mkdirSync(home);
  const reaper = spawnReaper(root);
  const running: RunningLnd[] = [];
  // every lnd spawned, ready or not: an exit in the middle of start-up must not leave one behind
  const spawned: number[] = [];
  const onExit = () => {
    for (const pid of spawned) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await Promise.all(running.map((r) => r.stop()));
      process.off("exit", onExit);
      rmSync(root, { recursive: true, force: true });
      reaper.stop();
    })());

  const start = (name: string, role: "tower" | "client" | "plain") =>
    startLndNode({
      name,
      role,
      lndDir: options.lndDir,
      lnddir: join(root, name),
      home,
      readyTimeoutMs: timeout,
      onSpawn: (pid) => {
        spawned.push(pid);
        reaper.watch(pid);
      },
    }).then((r) => (running.push(r), r.node));
  const lncliPath = join(options.lndDir, "lncli");
  const lncli = (node: LndNode, args: readonly string[]) =>
    runLncli(lncliPath, [...lncliFlags(node), ...args], { home });
  const must = async (node: LndNode, args: readonly string[]) => {
    const r = await lncli(node, args);
    if (r.code !== 0)
      throw new Error(`lncli ${args.join(" ")} on the ${node.name} node failed (${r.code}): ${r.stderr.trim()}`);
    return r.stdout;
  };

  try {
    const started = await Promise.allSettled([
      start("tower", "tower"),
      start("client", "client"),
      start("inactive", "plain"),
    ]);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const [tower, client, inactive] = started.map((s) => (s as PromiseFulfilledResult<LndNode>).value) as [
      LndNode,
      LndNode,
      LndNode,
    ];
    const towerPubkey = (JSON.parse(await must(tower, ["tower", "info"])) as { pubkey: string }).pubkey;
    const towerUri = `${towerPubkey}@${tower.towerAddress}`;
    await must(client, ["wtclient", "add", towerUri]);
    await waitUntil(
      "the client's sessions with the tower",
      timeout,
      async () =>
        everyClientHasSession(await must(client, ["wtclient", "towers", "--include_sessions"]), towerPubkey)
          ? true
          : undefined,
      1_000,
    );
    return {
      tower,
      client,
      inactive,
      towerPubkey,
      towerUri,
      lncliPath,
      home,
      lncli,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
