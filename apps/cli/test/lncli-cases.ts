import { bytesToHex, hexToBytes, uncompressPubKey } from "@wtclient/core/internal";

/** What the cases are built from: what the real client node holds, found by listing it. */
export interface CaseKeys {
  readonly towerPubkey: string;
  /** the tower's listener, host:port */
  readonly towerAddress: string;
  /** one of the client's sessions with the tower */
  readonly session: string;
  /** a valid key that is neither a tower nor a session of the node */
  readonly unknownKey: string;
  /** the cert of another node (valid, not this node's) */
  readonly foreignCertPath: string;
}

/**
 * How wtclient deliberately differs from lncli (README "The CLI"):
 * - `usage`: lncli prints the command's help on stdout and exits 0 for a wrong number of arguments or flags;
 *   wtclient says what is wrong on stderr and exits 2.
 * - `missing-id`: `session terminate` without an id: lncli sends an empty id (lnd refuses it); wtclient exits 2.
 * - `tlscertpath`: lncli replaces an explicit --tlscertpath by <lnddir>/tls.cert; wtclient uses the one given.
 */
export type Difference = "usage" | "missing-id" | "tlscertpath";

export interface LncliCase {
  readonly name: string;
  /** the node with the watchtower client, or the one without */
  readonly node: "client" | "inactive";
  /** the words after `lncli wtclient` (and after `wtclient`) */
  words(k: CaseKeys): string[];
  /** global flags added to the node's --lnddir, --network and --rpcserver; `macaroonDir` is the node's */
  flags?(k: CaseKeys, macaroonDir: string): string[];
  /** lncli commands run before each tool's turn, so both start from the same state (their failures are ignored) */
  setup?(k: CaseKeys): string[][];
  readonly differs?: Difference;
}

// valid secp256k1 points, picked in turn until one is unknown to the node
export const spareKeys = [
  "035ddaa8bc5a2f1eeca3fa6b91b63b8d195195ec584c4c3942f58e9f5e4aedc0e0",
  "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
];
const offCurve = `02${"05".repeat(32)}`;
const badPrefix = "05848464e410b9e72bb269e3a095d3f5f11a2789fc4e26c764959299c7483e39c2";
const short = "01".repeat(32);
const spareAddress = "127.0.0.1:9920";

const c = (name: string, words: LncliCase["words"], more: Partial<LncliCase> = {}): LncliCase => ({
  name,
  node: "client",
  words,
  ...more,
});
const inactive = (name: string, words: LncliCase["words"], more: Partial<LncliCase> = {}): LncliCase => ({
  name,
  node: "inactive",
  words,
  ...more,
});
const macaroon = (name: "readonly" | "invoice") => (_: CaseKeys, dir: string) => [
  "--macaroonpath",
  `${dir}/${name}.macaroon`,
];
const withSpareTower = (k: CaseKeys) => [["add", `${k.unknownKey}@${spareAddress}`]];

/**
 * Every `wtclient` command and error case, in the order they run: reads first, then changes. A change a
 * real client follows up on its own (a re-activated tower or a terminated session makes it negotiate
 * fresh sessions a few seconds later) comes after the last listing, so no listing races it.
 */
export const lncliCases: readonly LncliCase[] = [
  c("towers", () => ["towers"]),
  c("towers with sessions", () => ["towers", "--include_sessions"]),
  c("towers with sessions, exhausted excluded", () => ["towers", "--include_sessions", "--exclude_exhausted_sessions"]),
  c("towers, exhausted excluded without sessions", () => ["towers", "--exclude_exhausted_sessions"]),
  c("tower", (k) => ["tower", k.towerPubkey]),
  c("tower with sessions", (k) => ["tower", "--include_sessions", k.towerPubkey]),
  c("tower with sessions, exhausted excluded", (k) => [
    "tower",
    "--include_sessions",
    "--exclude_exhausted_sessions",
    k.towerPubkey,
  ]),
  c("tower: unknown tower", (k) => ["tower", k.unknownKey]),
  c("tower: 32-byte key", () => ["tower", short]),
  c("tower: not hex", () => ["tower", "zz"]),
  c("stats", () => ["stats"]),
  c("policy", () => ["policy"]),
  c("policy --legacy", () => ["policy", "--legacy"]),
  c("policy --anchor", () => ["policy", "--anchor"]),
  c("policy --taproot", () => ["policy", "--taproot"]),
  c("session terminate: unknown session", (k) => ["session", "terminate", k.unknownKey]),
  c("session terminate: off-curve key", () => ["session", "terminate", offCurve]),
  c("session terminate: bad prefix", () => ["session", "terminate", badPrefix]),
  c("session terminate: 32-byte key", () => ["session", "terminate", short]),
  c("session terminate: not hex", () => ["session", "terminate", "zz"]),
  c("session terminate: odd-length hex", () => ["session", "terminate", "abc"]),
  c("add: no address", (k) => ["add", k.towerPubkey]),
  c("add: two @", (k) => ["add", `${k.towerPubkey}@127.0.0.1@9911`]),
  c("add: not a TCP address", (k) => ["add", `${k.unknownKey}@udp://1.2.3.4:1`]),
  c("add: not hex", () => ["add", `zz@${spareAddress}`]),
  c("remove: unknown tower", (k) => ["remove", k.unknownKey]),
  c("remove: not hex", () => ["remove", "zz"]),
  c("deactivate: unknown tower", (k) => ["deactivate", k.unknownKey]),
  c("deactivate: not hex", () => ["deactivate", "zz"]),
  c("readonly macaroon: towers", () => ["towers"], { flags: macaroon("readonly") }),
  c("readonly macaroon: session terminate", (k) => ["session", "terminate", k.session], {
    flags: macaroon("readonly"),
  }),
  c("invoice macaroon: stats", () => ["stats"], { flags: macaroon("invoice") }),
  c("no macaroon: stats", () => ["stats"], { flags: () => ["--no-macaroons"] }),
  c("usage: towers with an argument", () => ["towers", "extra"], { differs: "usage" }),
  c("usage: stats with an argument", () => ["stats", "extra"], { differs: "usage" }),
  c("usage: tower without a key", () => ["tower"], { differs: "usage" }),
  c("usage: tower with two keys", (k) => ["tower", k.towerPubkey, k.unknownKey], { differs: "usage" }),
  c("usage: add without a tower", () => ["add"], { differs: "usage" }),
  c("usage: remove without a tower", () => ["remove"], { differs: "usage" }),
  c("usage: deactivate without a tower", () => ["deactivate"], { differs: "usage" }),
  c("usage: policy with two types", () => ["policy", "--anchor", "--taproot"], { differs: "usage" }),
  c("usage: session terminate with two ids", (k) => ["session", "terminate", k.session, k.unknownKey], {
    differs: "usage",
  }),
  c("missing session id", () => ["session", "terminate"], { differs: "missing-id" }),
  c("explicit --tlscertpath beside --lnddir", () => ["stats"], {
    flags: (k) => ["--tlscertpath", k.foreignCertPath],
    differs: "tlscertpath",
  }),
  inactive("inactive: towers", () => ["towers", "--include_sessions"]),
  inactive("inactive: tower", (k) => ["tower", k.towerPubkey]),
  inactive("inactive: stats", () => ["stats"]),
  inactive("inactive: policy", () => ["policy", "--taproot"]),
  inactive("inactive: session terminate", (k) => ["session", "terminate", k.session]),
  inactive("inactive: session terminate, not hex", () => ["session", "terminate", "zz"]),
  inactive("inactive: add", (k) => ["add", `${k.towerPubkey}@${k.towerAddress}`]),
  inactive("inactive: remove", (k) => ["remove", k.towerPubkey]),
  inactive("inactive: deactivate", (k) => ["deactivate", k.towerPubkey]),
  inactive("inactive: readonly macaroon, session terminate", (k) => ["session", "terminate", k.session], {
    flags: macaroon("readonly"),
  }),
  // changes, after every listing
  c("deactivate", (k) => ["deactivate", k.towerPubkey]),
  c("deactivate again", (k) => ["deactivate", k.towerPubkey]),
  c("tower with sessions, deactivated", (k) => ["tower", "--include_sessions", k.towerPubkey]),
  c("add: re-activates", (k) => ["add", `${k.towerPubkey}@${k.towerAddress}`]),
  c("remove: an address the tower does not have", (k) => ["remove", `${k.towerPubkey}@127.0.0.1:9999`]),
  c("add: a new tower", (k) => ["add", `${k.unknownKey}@${spareAddress}`], {
    setup: (k) => [["remove", k.unknownKey]],
  }),
  c("remove: the last address", (k) => ["remove", `${k.unknownKey}@${spareAddress}`], { setup: withSpareTower }),
  c("remove: a tower without sessions", (k) => ["remove", k.unknownKey], { setup: withSpareTower }),
  c("session terminate", (k) => ["session", "terminate", k.session]),
  c("session terminate again", (k) => ["session", "terminate", k.session]),
  c("session terminate: uppercase hex", (k) => ["session", "terminate", k.session.toUpperCase()]),
  c("session terminate: uncompressed key", (k) => [
    "session",
    "terminate",
    bytesToHex(uncompressPubKey(hexToBytes(k.session))),
  ]),
];
