/** One flag of the command line, global or of one command. */
export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: "string" | "boolean";
  /** The value's placeholder in help, e.g. "host:port". */
  readonly placeholder?: string;
  readonly help: string;
}

/** One runnable command: its words, arguments, flags and help. */
export interface CommandSpec {
  /** The words after `wtclient`, e.g. ["session", "terminate"]. */
  readonly path: readonly string[];
  /** lncli's one-line usage text. */
  readonly summary: string;
  /** The arguments as shown in help, e.g. "pubkey@address". */
  readonly argsUsage: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly flags: readonly FlagSpec[];
  /** At most this many of the command's own flags may be given (lncli's NumFlags check). */
  readonly maxFlags: number;
  readonly description: string;
  readonly example: string;
}

/** A word that only groups commands (`session`). */
export interface GroupSpec {
  readonly path: readonly string[];
  readonly summary: string;
}

const sessionFlags: readonly FlagSpec[] = [
  { name: "include_sessions", type: "boolean", help: "include each tower's sessions in the answer" },
  {
    name: "exclude_exhausted_sessions",
    type: "boolean",
    help: "leave out sessions that have used all their updates (only with --include_sessions)",
  },
];

const key = "02b01fa3c9e572abcb19675821d54e9b5bd7ab54d09050909c573387fc7195dcef";

/** lncli's `wtclient` tree, in lncli's order. */
export const commands: readonly CommandSpec[] = [
  {
    path: ["add"],
    summary: "Register a watchtower to use for future sessions/backups.",
    argsUsage: "pubkey@address",
    minArgs: 1,
    maxArgs: 1,
    flags: [],
    maxFlags: 0,
    description:
      "Adds the tower (or a new address of a known tower) and makes it a session candidate again if it was " +
      "deactivated or removed. The key is hex; the address is host[:port] (port 9911 if left out).",
    example: `wtclient add ${key}@203.0.113.7:9911`,
  },
  {
    path: ["remove"],
    summary: "Remove a watchtower to prevent its use for future sessions/backups.",
    argsUsage: "pubkey | pubkey@address",
    minArgs: 1,
    maxArgs: 1,
    flags: [],
    maxFlags: 0,
    description:
      "Without an address the tower stops being used (it stays listed while it has sessions). " +
      "With an address only that address is forgotten.",
    example: `wtclient remove ${key}`,
  },
  {
    path: ["deactivate"],
    summary: "Deactivate a watchtower to temporarily prevent its use for sessions/backups.",
    argsUsage: "pubkey",
    minArgs: 1,
    maxArgs: 1,
    flags: [],
    maxFlags: 0,
    description: "The tower keeps its sessions and pending updates; `wtclient add` activates it again.",
    example: `wtclient deactivate ${key}`,
  },
  {
    path: ["towers"],
    summary: "Display information about all registered watchtowers.",
    argsUsage: "",
    minArgs: 0,
    maxArgs: 0,
    flags: sessionFlags,
    maxFlags: 2,
    description: "Lists every tower lnd knows, active or not, with one session_info entry per client type.",
    example: "wtclient towers --include_sessions",
  },
  {
    path: ["tower"],
    summary: "Display information about a specific registered watchtower.",
    argsUsage: "pubkey",
    minArgs: 1,
    maxArgs: 1,
    flags: sessionFlags,
    maxFlags: 2,
    description: "Shows one tower, found by its hex public key.",
    example: `wtclient tower --include_sessions ${key}`,
  },
  {
    path: ["stats"],
    summary: "Display the session stats of the watchtower client.",
    argsUsage: "",
    minArgs: 0,
    maxArgs: 0,
    flags: [],
    maxFlags: 0,
    description: "Backup and session counters summed over all client types since lnd started.",
    example: "wtclient stats",
  },
  {
    path: ["policy"],
    summary: "Display the active watchtower client policy configuration.",
    argsUsage: "",
    minArgs: 0,
    maxArgs: 0,
    flags: [
      { name: "legacy", type: "boolean", help: "the policy of the legacy channel client (the default)" },
      { name: "anchor", type: "boolean", help: "the policy of the anchor channel client" },
      { name: "taproot", type: "boolean", help: "the policy of the taproot channel client" },
    ],
    maxFlags: 1,
    description:
      "Give at most one of the flags (none means --legacy); as in lncli, --anchor=false and the like count as given.",
    example: "wtclient policy --anchor",
  },
  {
    path: ["session", "terminate"],
    summary: "Terminate a watchtower client session.",
    argsUsage: "id",
    minArgs: 1,
    maxArgs: 1,
    flags: [],
    maxFlags: 0,
    description:
      "The session is never used again; its un-acked updates move to a new session. The id is the session's " +
      "hex key as listed by `wtclient towers --include_sessions`. Unlike lncli, which sends an empty id when " +
      "none is given, a missing id is a usage error here.",
    example: "wtclient session terminate 0274ade1f10ab999ded8fbea16dc5d5f95c2d350114f567d7ec94c49715cfd25a9",
  },
];

/** wtclient's own commands, outside lncli's tree. */
export const builtins: readonly CommandSpec[] = [
  {
    path: ["doctor"],
    summary: "Check the watchtower client's health, one line per check with a verdict and a hint.",
    argsUsage: "",
    minArgs: 0,
    maxArgs: 0,
    flags: [{ name: "json", type: "boolean", help: "print the checks as JSON" }],
    maxFlags: 1,
    description:
      "Checks in order: the settings resolve (lnddir, network, cert, macaroon) and the macaroon has offchain:read; " +
      "lnd answers on the chosen transport with the pinned cert; the watchtower client is active; there is a tower " +
      "and which are active candidates; each tower's sessions per policy type and how full they are; pending, " +
      "failed and exhausted. A check is skipped when an earlier one it needs failed. Exit code 0 when no check " +
      "fails (warnings allowed), 1 when one fails.",
    example: "wtclient --lnddir ~/.lnd -n regtest doctor",
  },
  {
    path: ["help"],
    summary: "Show help for a command.",
    argsUsage: "[command]",
    minArgs: 0,
    maxArgs: 2,
    flags: [],
    maxFlags: 0,
    description: "The same text as `wtclient <command> --help`.",
    example: "wtclient help session terminate",
  },
  {
    path: ["completion"],
    summary: "Print a shell completion script.",
    argsUsage: "bash|zsh|fish",
    minArgs: 1,
    maxArgs: 1,
    flags: [],
    maxFlags: 0,
    description:
      'bash: add `source <(wtclient completion bash)` to ~/.bashrc. zsh: `wtclient completion zsh > "${fpath[1]}/_wtclient"`. ' +
      "fish: `wtclient completion fish > ~/.config/fish/completions/wtclient.fish`.",
    example: "wtclient completion bash",
  },
];

/** Words that group commands. */
export const groups: readonly GroupSpec[] = [
  { path: ["session"], summary: "Interact with watchtower client sessions." },
];

/** The command or group named by the leading words, and how many words it took. */
export function findTopic(words: readonly string[]): { topic: CommandSpec | GroupSpec; used: number } | undefined {
  for (const spec of [...commands, ...builtins, ...groups].sort((a, b) => b.path.length - a.path.length)) {
    if (spec.path.every((w, i) => words[i] === w)) return { topic: spec, used: spec.path.length };
  }
  return undefined;
}

export function isCommand(topic: CommandSpec | GroupSpec): topic is CommandSpec {
  return "argsUsage" in topic;
}
