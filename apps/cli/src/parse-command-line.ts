import { parseArgs } from "node:util";
import type { LndFlags } from "@wtclient/core";
import {
  builtins,
  commands,
  findTopic,
  isCommand,
  type CommandSpec,
  type FlagSpec,
  type GroupSpec,
} from "./command-table.js";
import { globalFlags } from "./global-flags.js";

export type Topic = CommandSpec | GroupSpec;
export type Shell = "bash" | "zsh" | "fish";

/** What the global flags ask for, beyond lncli's own settings. */
export interface GlobalOptions {
  readonly lnd: LndFlags;
  readonly transport: "grpc" | "rest";
  readonly timeoutSeconds: number;
}

export type ParsedCommandLine =
  | { readonly kind: "help"; readonly topic?: Topic }
  | { readonly kind: "version" }
  | { readonly kind: "completion"; readonly shell: Shell }
  | { readonly kind: "doctor"; readonly json: boolean; readonly globals: GlobalOptions }
  | {
      readonly kind: "run";
      readonly command: CommandSpec;
      readonly args: readonly string[];
      /** The command's own flags that were given, with their values. */
      readonly flags: ReadonlyMap<string, boolean>;
      readonly globals: GlobalOptions;
    }
  | { readonly kind: "usage"; readonly message: string; readonly topic?: Topic };

const allFlags = new Map<string, FlagSpec>();
for (const f of [...globalFlags, ...[...commands, ...builtins].flatMap((c) => c.flags)]) allFlags.set(f.name, f);
const parseOptions = Object.fromEntries(
  [...allFlags.values()].map((f) => [
    f.name,
    f.short !== undefined ? { type: f.type, short: f.short } : { type: f.type },
  ]),
);

// Go's strconv.ParseBool, which urfave/cli applies to `--flag=value`
const goBools = new Map([
  ...["1", "t", "T", "TRUE", "true", "True"].map((v) => [v, true] as const),
  ...["0", "f", "F", "FALSE", "false", "False"].map((v) => [v, false] as const),
]);

interface Scan {
  positionals: string[];
  values: Map<string, string | boolean>;
  /** every value of a repeatable flag, in order */
  lists: Map<string, string[]>;
  error?: string;
}

const repeatable = new Set(globalFlags.filter((f) => f.repeatable === true).map((f) => f.name));

/** Go's flag package also takes long flags with one dash (`-rpcserver`): spell those with two. */
function doubleDash(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((arg, i) => {
    const m = /^-([a-z][a-z_-]+)(=.*)?$/.exec(arg);
    return m !== null && (end < 0 || i < end) && allFlags.has(m[1]!) ? `-${arg}` : arg;
  });
}

/** Split argv into words and flag values; flags may come anywhere, `--` ends them. */
function scan(argv: readonly string[]): Scan {
  const { tokens } = parseArgs({
    args: doubleDash(argv),
    options: parseOptions,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const out: Scan = { positionals: [], values: new Map(), lists: new Map() };
  const fail = (message: string): void => {
    out.error ??= message;
  };
  for (const token of tokens) {
    if (token.kind === "positional") out.positionals.push(token.value);
    if (token.kind !== "option") continue;
    const spec = allFlags.get(token.name);
    if (spec === undefined) {
      fail(`unknown flag ${token.rawName}`);
      continue;
    }
    if (spec.type === "string") {
      if (token.value === undefined) fail(`flag needs a value: ${token.rawName}`);
      else out.values.set(spec.name, token.value);
      if (token.value !== undefined && repeatable.has(spec.name))
        out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), token.value]);
      continue;
    }
    const value = token.value === undefined ? true : goBools.get(token.value);
    if (value === undefined) fail(`invalid value "${token.value}" for flag ${token.rawName}`);
    else out.values.set(spec.name, value);
  }
  return out;
}

function globalsOf(values: Map<string, string | boolean>, lists: Map<string, string[]>): GlobalOptions | string {
  const str = (name: string): string | undefined => {
    const v = values.get(name);
    return typeof v === "string" ? v : undefined;
  };
  const transport = str("transport") ?? "grpc";
  if (transport !== "grpc" && transport !== "rest")
    return `invalid value "${transport}" for flag --transport: want grpc or rest`;
  const timeoutText = str("timeout");
  const timeoutSeconds = timeoutText === undefined ? 30 : Number(timeoutText);
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds))
    return `invalid value "${timeoutText}" for flag --timeout: want seconds > 0`;
  const macaroonTimeout = str("macaroontimeout");
  if (macaroonTimeout !== undefined && !/^\d+$/.test(macaroonTimeout)) {
    return `invalid value "${macaroonTimeout}" for flag --macaroontimeout: want whole seconds`;
  }
  const lnd: LndFlags = {};
  const copy = (
    flag: string,
    key: Exclude<keyof LndFlags, "noMacaroons" | "noProfiles" | "macaroontimeout" | "metadata">,
  ): void => {
    const v = str(flag);
    if (v !== undefined) lnd[key] = v;
  };
  copy("rpcserver", "rpcserver");
  copy("restserver", "restserver");
  copy("lnddir", "lnddir");
  copy("tlscertpath", "tlscertpath");
  copy("macaroonpath", "macaroonpath");
  copy("network", "network");
  copy("chain", "chain");
  copy("macaroonip", "macaroonip");
  copy("lndconnect", "lndconnect");
  copy("servername", "servername");
  copy("profile", "profile");
  copy("socksproxy", "socksproxy");
  copy("macfromjar", "macfromjar");
  const metadata = lists.get("metadata") ?? [];
  // lncli's rule and text (the value is split on ":" and must give exactly key and value)
  if (metadata.some((m) => m.split(":").length !== 2)) return 'invalid format for metadata flag; expected "key:value"';
  if (metadata.length > 0) lnd.metadata = metadata;
  if (values.get("no-macaroons") === true) lnd.noMacaroons = true;
  if (macaroonTimeout !== undefined) lnd.macaroontimeout = Number(macaroonTimeout);
  return { lnd, transport, timeoutSeconds };
}

function checkCommand(
  command: CommandSpec,
  args: readonly string[],
  values: Map<string, string | boolean>,
): string | undefined {
  const own = new Set(command.flags.map((f) => f.name));
  const given = [...values.keys()].filter((name) => !globalFlags.some((g) => g.name === name));
  const stray = given.find((name) => !own.has(name));
  if (stray !== undefined) return `flag --${stray} is not defined for "wtclient ${command.path.join(" ")}"`;
  if (given.length > command.maxFlags) {
    return `give at most ${command.maxFlags === 1 ? "one" : command.maxFlags} of ${command.flags.map((f) => `--${f.name}`).join(", ")}`;
  }
  if (args.length < command.minArgs) return `missing argument: ${command.argsUsage}`;
  if (args.length > command.maxArgs)
    return `too many arguments (want ${command.argsUsage || "none"}): ${args.join(" ")}`;
  return undefined;
}

/** Read a wtclient command line: the command, its arguments, its flags and the global flags. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const { positionals, values, lists, error } = scan(argv);
  if (values.get("version") === true) return { kind: "version" };
  const wantsHelp = values.get("help") === true;
  if (positionals.length === 0)
    return wantsHelp ? { kind: "help" } : { kind: "usage", message: error ?? "no command given" };
  const found = findTopic(positionals);
  if (found === undefined) return { kind: "usage", message: `unknown command "${positionals.join(" ")}"` };
  const { topic, used } = found;
  const args = positionals.slice(used);
  if (!isCommand(topic)) {
    if (wantsHelp && args.length === 0) return { kind: "help", topic };
    const message =
      args.length === 0
        ? `missing command after "${topic.path.join(" ")}"`
        : `unknown command "${positionals.join(" ")}"`;
    return { kind: "usage", message, topic };
  }
  if (topic.path[0] === "help") {
    if (args.length === 0) return wantsHelp ? { kind: "help", topic } : { kind: "help" };
    const target = findTopic(args);
    if (target === undefined || target.used !== args.length)
      return { kind: "usage", message: `unknown command "${args.join(" ")}"`, topic };
    return { kind: "help", topic: target.topic };
  }
  if (wantsHelp) return { kind: "help", topic };
  const problem = error ?? checkCommand(topic, args, values);
  if (problem !== undefined) return { kind: "usage", message: problem, topic };
  if (topic.path[0] === "completion") {
    const shell = args[0];
    if (shell === "bash" || shell === "zsh" || shell === "fish") return { kind: "completion", shell };
    return { kind: "usage", message: `unknown shell "${shell}": want bash, zsh or fish`, topic };
  }
  const globals = globalsOf(values, lists);
  if (typeof globals === "string") return { kind: "usage", message: globals, topic };
  if (topic.path[0] === "doctor") return { kind: "doctor", json: values.get("json") === true, globals };
  const flags = new Map<string, boolean>();
  for (const f of topic.flags) {
    const v = values.get(f.name);
    if (typeof v === "boolean") flags.set(f.name, v);
  }
  return { kind: "run", command: topic, args, flags, globals };
}
