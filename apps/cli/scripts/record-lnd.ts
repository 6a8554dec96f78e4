// Records what a real lnd answers, through its own lncli, to every case the real-lncli parity test runs
// (test/lncli-cases.ts), for the double's replay: packages/lnd-fixtures/lnd-v0.19.3-beta/lncli-cases.json.
//   WTCLIENT_LND_DIR=<folder with lnd v0.19.3-beta and lncli> npm run record:lnd
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixturePath } from "@wtclient/lnd-fixtures";
import { lndDirFromEnv, lndSkipMessage, startLndPair } from "@wtclient/lnd-harness";
import { caseKeysOf } from "../test/case-keys.js";
import { lncliCases } from "../test/lncli-cases.js";

type Listing = {
  towers: {
    pubkey: string;
    addresses: string[];
    session_info: { policy_type: string; sessions: { id: string }[] }[];
  }[];
};

const lndDir = lndDirFromEnv();
if (lndDir === undefined) {
  console.error(lndSkipMessage);
  process.exit(1);
}
const version = execFileSync(join(lndDir, "lnd"), ["--version"], { encoding: "utf8" })
  .trim()
  .replace(/^lnd version /, "");
if (!version.startsWith("0.19.3-beta"))
  throw new Error(`the fixture folder is lnd-v0.19.3-beta, but ${lndDir}/lnd is ${version}`);

const pair = await startLndPair({ lndDir });
try {
  const keys = await caseKeysOf(pair, fixturePath("tls.cert"));
  const listing = JSON.parse(
    (await pair.lncli(pair.client, ["wtclient", "towers", "--include_sessions"])).stdout,
  ) as Listing;
  const tower = listing.towers.find((t) => t.pubkey === pair.towerPubkey)!;
  const runs: object[] = [];
  for (const c of lncliCases) {
    const node = c.node === "client" ? pair.client : pair.inactive;
    const words = c.words(keys);
    for (const setup of c.setup?.(keys) ?? []) {
      const r = await pair.lncli(node, ["wtclient", ...setup]);
      runs.push({
        case: c.name,
        setup: true,
        node: c.node,
        macaroon: "admin",
        args: ["lncli", "wtclient", ...setup],
        exit_code: r.code,
        stdout: r.stdout,
        stderr: r.stderr,
      });
    }
    const flags = c.flags?.(keys, node.macaroonDir) ?? [];
    // the flags by what they mean, not by this machine's paths
    const macaroon = flags.includes("--no-macaroons")
      ? "none"
      : (/(\w+)\.macaroon$/.exec(flags[flags.indexOf("--macaroonpath") + 1] ?? "")?.[1] ?? "admin");
    const r = await pair.lncli(node, [...flags, "wtclient", ...words]);
    runs.push({
      case: c.name,
      node: c.node,
      macaroon,
      ...(flags.includes("--tlscertpath") ? { tlscertpath: "another node's cert" } : {}),
      args: ["lncli", "wtclient", ...words],
      exit_code: r.code,
      stdout: r.stdout,
      stderr: r.stderr,
    });
  }
  const fixture = {
    lnd_version: version,
    recorded_by: "apps/cli/scripts/record-lnd.ts (npm run record:lnd), from the cases of apps/cli/test/lncli-cases.ts",
    notes: [
      "A fresh regtest trio started by @wtclient/lnd-harness: a watchtower, a client with --wtclient.active that holds one session per policy type with it, and a node without --wtclient.active.",
      "runs are in the order they were made; later runs see the state earlier ones left. setup runs put the state a case needs in place.",
      "inputs.sessions were all negotiated by the recorded lnd process after it started: its Stats count them in num_sessions_acquired.",
      "node: the client or the inactive node; macaroon: which of the node's macaroons lncli sent (none: --no-macaroons); tlscertpath: an explicit --tlscertpath beside --lnddir, which lncli replaces by <lnddir>/tls.cert.",
    ],
    inputs: {
      tower_pubkey: pair.towerPubkey,
      tower_addresses: tower.addresses,
      sessions: tower.session_info.flatMap((i) => i.sessions.map((s) => ({ id: s.id, policy_type: i.policy_type }))),
      session: keys.session,
      unknown_key: keys.unknownKey,
    },
    runs,
  };
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  const root = join(pair.client.lnddir, "..");
  if (text.includes(root)) throw new Error(`the recording names the temporary folder ${root}; refusing to write it`);
  writeFileSync(fixturePath("lncli-cases.json"), text);
  console.log(`recorded ${runs.length} lncli runs from lnd ${version} into ${fixturePath("lncli-cases.json")}`);
} finally {
  await pair.close();
}
