import { builtins, commands, groups, type CommandSpec } from "./command-table.js";
import { globalFlags } from "./global-flags.js";
import type { Shell } from "./parse-command-line.js";

const runnable: readonly CommandSpec[] = [...commands, ...builtins];
const valueFlags = globalFlags.filter((f) => f.type === "string");
// every spelling of a flag that takes a value, so the scripts can skip that value when finding the command words
const valueSpellings = valueFlags.flatMap((f) => [`--${f.name}`, ...(f.short !== undefined ? [`-${f.short}`] : [])]);
const globalSpellings = globalFlags.map((f) => `--${f.name}`).join(" ");
const topWords = [...new Set(runnable.map((c) => c.path[0]!))];
const networks = "mainnet testnet testnet4 regtest simnet signet";

/** The one-line help of a first word: the command's, or the group's for a word like `session`. */
function summaryOf(word: string): string {
  return [...runnable, ...groups].find((c) => c.path.length === 1 && c.path[0] === word)!.summary;
}

/** Single-quote for sh, bash, zsh and fish. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function flagsOf(first: string): string {
  return runnable
    .filter((c) => c.path[0] === first)
    .flatMap((c) => c.flags.map((f) => `--${f.name}`))
    .join(" ");
}

function bash(): string {
  const subcases = groups
    .map(
      (g) =>
        `    ${quote(g.path.join(" "))}) words=${quote(
          commands
            .filter((c) => c.path[0] === g.path[0])
            .map((c) => c.path[1])
            .join(" "),
        )} ;;`,
    )
    .join("\n");
  const flagCases = topWords
    .filter((w) => flagsOf(w) !== "")
    .map((w) => `    ${w}) words="${flagsOf(w)} $globals" ;;`)
    .join("\n");
  return `# bash completion for wtclient; load with: source <(wtclient completion bash)
_wtclient() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local globals=${quote(globalSpellings)} words="" cmd="" i
  case "$prev" in
    --lnddir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --tlscertpath|--macaroonpath) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --network|-n) COMPREPLY=($(compgen -W ${quote(networks)} -- "$cur")); return ;;
    --transport) COMPREPLY=($(compgen -W 'grpc rest' -- "$cur")); return ;;
    ${valueSpellings.join("|")}) return ;;
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${valueSpellings.join("|")}) ((i++)) ;;
      -*) ;;
      *) cmd="\${cmd:+$cmd }\${COMP_WORDS[i]}" ;;
    esac
  done
  case "$cmd" in
    "") words=${quote(topWords.join(" "))} ;;
${subcases}
    completion) words='bash zsh fish' ;;
    help) words=${quote(topWords.filter((w) => w !== "help").join(" "))} ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "\${cmd%% *}" in
${flagCases}
    *) words="$globals" ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _wtclient wtclient
`;
}

function zsh(): string {
  const describe = (cs: readonly { word: string; summary: string }[]): string =>
    cs.map((c) => quote(`${c.word}:${c.summary.replace(/:/g, "\\:")}`)).join(" ");
  const top = topWords.map((w) => ({ word: w, summary: summaryOf(w) }));
  const subcases = groups
    .map((g) => {
      const subs = commands
        .filter((c) => c.path[0] === g.path[0])
        .map((c) => ({ word: c.path[1]!, summary: c.summary }));
      return `    (${g.path.join(" ")}) local -a subs=(${describe(subs)}); _describe command subs ;;`;
    })
    .join("\n");
  const flagCases = topWords
    .filter((w) => flagsOf(w) !== "")
    .map((w) => `      (${w}) compadd -- ${flagsOf(w)} $globals ;;`)
    .join("\n");
  return `#compdef wtclient
# zsh completion for wtclient; save as _wtclient in a directory of $fpath, or: source <(wtclient completion zsh)
_wtclient() {
  local -a cmdwords globals=(${globalSpellings})
  local i skip=0
  for ((i = 2; i < CURRENT; i++)); do
    if ((skip)); then skip=0; continue; fi
    case \${words[i]} in
      (${valueSpellings.join("|")}) skip=1 ;;
      (-*) ;;
      (*) cmdwords+=(\${words[i]}) ;;
    esac
  done
  case \${words[CURRENT-1]} in
    (--lnddir) _files -/; return ;;
    (--tlscertpath|--macaroonpath) _files; return ;;
    (--network|-n) compadd ${networks}; return ;;
    (--transport) compadd grpc rest; return ;;
    (${valueSpellings.join("|")}) return ;;
  esac
  if [[ $PREFIX == -* ]]; then
    case \${cmdwords[1]} in
${flagCases}
      (*) compadd -- $globals ;;
    esac
    return
  fi
  case "\${cmdwords[*]}" in
    ("") local -a cmds=(${describe(top)}); _describe command cmds ;;
${subcases}
    (completion) compadd bash zsh fish ;;
    (help) compadd ${topWords.filter((w) => w !== "help").join(" ")} ;;
  esac
}
if [[ "\${funcstack[1]}" == "_wtclient" ]]; then
  _wtclient "$@"
else
  compdef _wtclient wtclient
fi
`;
}

function fish(): string {
  const lines = [
    "# fish completion for wtclient; save as ~/.config/fish/completions/wtclient.fish",
    "complete -c wtclient -f",
  ];
  for (const w of topWords) {
    lines.push(`complete -c wtclient -n __fish_use_subcommand -a ${w} -d ${quote(summaryOf(w))}`);
  }
  for (const g of groups) {
    const subs = commands.filter((c) => c.path[0] === g.path[0]);
    for (const c of subs) {
      const cond = `__fish_seen_subcommand_from ${g.path[0]}; and not __fish_seen_subcommand_from ${subs.map((s) => s.path[1]).join(" ")}`;
      lines.push(`complete -c wtclient -n ${quote(cond)} -a ${c.path[1]} -d ${quote(c.summary)}`);
    }
  }
  for (const c of commands) {
    for (const f of c.flags)
      lines.push(
        `complete -c wtclient -n ${quote(`__fish_seen_subcommand_from ${c.path.at(-1)}`)} -l ${f.name} -d ${quote(f.help)}`,
      );
  }
  lines.push(`complete -c wtclient -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'`);
  for (const f of globalFlags) {
    const short = f.short !== undefined ? ` -s ${f.short}` : "";
    const value =
      f.name === "lnddir"
        ? " -x -a '(__fish_complete_directories)'"
        : f.name === "tlscertpath" || f.name === "macaroonpath"
          ? " -r -F"
          : f.name === "network"
            ? ` -x -a ${quote(networks)}`
            : f.name === "transport"
              ? " -x -a 'grpc rest'"
              : f.type === "string"
                ? " -x"
                : "";
    lines.push(`complete -c wtclient${short} -l ${f.name}${value} -d ${quote(f.help)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A completion script for the shell, generated from the command table. */
export function completionScript(shell: Shell): string {
  return shell === "bash" ? bash() : shell === "zsh" ? zsh() : fish();
}
