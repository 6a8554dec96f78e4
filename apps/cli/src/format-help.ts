import { builtins, commands, isCommand } from "./command-table.js";
import { globalFlags, type GlobalFlagSpec } from "./global-flags.js";
import type { Topic } from "./parse-command-line.js";

/** Break text into lines of at most `width` characters, each indented. */
function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l) => indent + l).join("\n");
}

function table(rows: readonly (readonly [string, string])[]): string {
  const left = Math.max(...rows.map(([l]) => l.length)) + 3;
  return rows.map(([l, r]) => `  ${l.padEnd(left)}${r}`).join("\n");
}

function flagRows(flags: readonly GlobalFlagSpec[]): [string, string][] {
  return flags.map((f) => {
    const name = `${f.short !== undefined ? `-${f.short}, ` : ""}--${f.name}${f.placeholder !== undefined ? ` ${f.placeholder}` : ""}`;
    const notes = [
      f.defaultText !== undefined ? `default ${f.defaultText}` : "",
      f.env !== undefined ? `env ${f.env}` : "",
    ].filter(Boolean);
    return [name, notes.length > 0 ? `${f.help} (${notes.join(", ")})` : f.help];
  });
}

const exitCodes =
  "Exit codes: 0 success, 1 an error from lnd or a local one (bad key, settings, files), 2 a usage error.";

function rootHelp(): string {
  const rows = [...commands, ...builtins].map((c) => [c.path.join(" "), c.summary] as [string, string]);
  return [
    "wtclient - lncli's `wtclient` commands for lnd's watchtower client, over gRPC or REST",
    "",
    "Usage: wtclient [global flags] <command> [command flags] [arguments]",
    "",
    wrap(
      "`lncli wtclient X` is `wtclient X`: same commands, arguments, flags, LNCLI_* variables, ~/.lncli/profiles.json " +
        "and JSON output. Global flags may come before or after the command words. Keys are hex.",
      "",
    ),
    "",
    "Commands:",
    table(rows),
    "",
    "Global flags:",
    table(flagRows(globalFlags)),
    "",
    exitCodes,
    "",
    "Example:",
    "  wtclient --lnddir ~/.lnd --network regtest towers --include_sessions",
    "",
  ].join("\n");
}

/** The help text of the root (no topic), a command or a group. */
export function formatHelp(topic?: Topic): string {
  if (topic === undefined) return rootHelp();
  const words = topic.path.join(" ");
  if (!isCommand(topic)) {
    const rows = commands.filter((c) => c.path.length > topic.path.length && c.path[0] === topic.path[0]);
    return [
      `wtclient ${words} - ${topic.summary}`,
      "",
      `Usage: wtclient [global flags] ${words} <command> [arguments]`,
      "",
      "Commands:",
      table(rows.map((c) => [c.path.slice(topic.path.length).join(" "), c.summary])),
      "",
    ].join("\n");
  }
  const lncli = builtins.includes(topic)
    ? []
    : [`       (lncli: lncli wtclient ${words}${topic.argsUsage ? ` ${topic.argsUsage}` : ""})`];
  return [
    `wtclient ${words} - ${topic.summary}`,
    "",
    `Usage: wtclient [global flags] ${words}${topic.flags.length > 0 ? " [flags]" : ""}${topic.argsUsage ? ` ${topic.argsUsage}` : ""}`,
    ...lncli,
    "",
    wrap(topic.description, ""),
    ...(topic.flags.length > 0 ? ["", "Flags:", table(flagRows(topic.flags))] : []),
    "",
    "Example:",
    `  ${topic.example}`,
    "",
    "Global flags (--rpcserver, --lnddir, --network, --transport, ...): see `wtclient --help`.",
    exitCodes,
    "",
  ].join("\n");
}
