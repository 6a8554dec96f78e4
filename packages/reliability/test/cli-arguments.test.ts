import fc from "fast-check";
import { expect, it } from "vitest";
import { assertParserProperty, noisyText } from "../src/index.js";

/** The parts of apps/cli this test reads (its parser's result, its command and flag tables). */
interface Spec {
  readonly path: readonly string[];
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly flags: readonly { readonly name: string; readonly short?: string }[];
}
type ParsedCommandLine =
  | { readonly kind: "help" | "version" }
  | { readonly kind: "completion"; readonly shell: string }
  | { readonly kind: "doctor"; readonly json: boolean; readonly globals: { transport: string; timeoutSeconds: number } }
  | { readonly kind: "usage"; readonly message: string }
  | {
      readonly kind: "run";
      readonly command: Spec;
      readonly args: readonly string[];
      readonly globals: { transport: string; timeoutSeconds: number };
    };
interface Cli {
  parseCommandLine(argv: readonly string[]): ParsedCommandLine;
  commands: readonly Spec[];
  builtins: readonly Spec[];
  groups: readonly { readonly path: readonly string[] }[];
  globalFlags: readonly { readonly name: string; readonly short?: string }[];
}

/**
 * apps/cli is an app without package exports, so its pure parser is imported by path, at run time: the
 * CLI's typecheck is its own, and a CLI that cannot be loaded skips this test with the reason.
 */
async function loadCli(): Promise<Cli | string> {
  const file = (name: string): string => new URL(`../../../apps/cli/src/${name}.ts`, import.meta.url).href;
  try {
    const [parse, table, global] = await Promise.all([
      import(file("parse-command-line")),
      import(file("command-table")),
      import(file("global-flags")),
    ]);
    return { ...parse, ...table, ...global } as Cli;
  } catch (e) {
    return `apps/cli/src/parse-command-line.ts cannot be imported: ${e instanceof Error ? e.message : String(e)}`;
  }
}

const loaded = await loadCli();
const cli = typeof loaded === "string" ? undefined : loaded;
if (cli === undefined) console.warn(`skipping the CLI argument property: ${String(loaded)}`);

/** Random argv for this CLI: command words, every flag spelled every way lncli's parser takes (and some it does not), values, noise. */
function argvOf(c: Cli): fc.Arbitrary<string[]> {
  const words = [...new Set([...c.commands, ...c.builtins, ...c.groups].flatMap((t) => t.path))];
  const flags = [...c.globalFlags, ...[...c.commands, ...c.builtins].flatMap((t) => t.flags)];
  const arg: fc.Arbitrary<string> = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...words, "bash", "zsh", "fish", "powershell") },
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...flags)
        .chain((f) => fc.constantFrom(`--${f.name}`, `-${f.name}`, ...(f.short === undefined ? [] : [`-${f.short}`]))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...flags),
          fc.constantFrom(
            "",
            "true",
            "false",
            "0",
            "1",
            "T",
            "yes",
            "rest",
            "grpc",
            "-1",
            "1e3",
            "NaN",
            "Infinity",
            "0x10",
            "30",
          ),
        )
        .map(([f, v]) => `--${f.name}=${v}`),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "--",
        "-",
        "---",
        "--=",
        "-=x",
        "--no-such-flag",
        "-x",
        "-hv",
        "-nc",
        "-n=regtest",
        "--help=false",
        "--timeout",
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "02b01fa3c9e572abcb19675821d54e9b5bd7ab54d09050909c573387fc7195dcef@127.0.0.1:9911",
        "localhost:10009",
        "10",
        "regtest",
      ),
    },
    { weight: 2, arbitrary: noisyText(20) },
  );
  // some argv start with a whole command path, so that every command is reached
  return fc
    .tuple(
      fc.option(fc.constantFrom(...[...c.commands, ...c.builtins].map((t) => t.path)), { nil: undefined }),
      fc.array(arg, { maxLength: 7 }),
    )
    .map(([path, rest]) => [...(path ?? []), ...rest]);
}

function checkParsed(parsed: ParsedCommandLine): void {
  switch (parsed.kind) {
    case "usage":
      expect(parsed.message.trim()).not.toBe("");
      return;
    case "run":
      expect(cli!.commands).toContain(parsed.command);
      expect(parsed.args.length).toBeGreaterThanOrEqual(parsed.command.minArgs);
      expect(parsed.args.length).toBeLessThanOrEqual(parsed.command.maxArgs);
      expect(["grpc", "rest"]).toContain(parsed.globals.transport);
      expect(Number.isFinite(parsed.globals.timeoutSeconds) && parsed.globals.timeoutSeconds > 0).toBe(true);
      return;
    case "completion":
      expect(["bash", "zsh", "fish"]).toContain(parsed.shell);
      return;
    case "doctor":
      expect(["grpc", "rest"]).toContain(parsed.globals.transport);
      expect(Number.isFinite(parsed.globals.timeoutSeconds) && parsed.globals.timeoutSeconds > 0).toBe(true);
      return;
    case "help":
    case "version":
      return;
    default:
      expect.fail(`unknown result ${JSON.stringify(parsed)}`);
  }
}

it.skipIf(cli === undefined)(
  "parseCommandLine reads random argv as a command, help, or a usage error, never an exception",
  () => {
    const kinds = new Map<string, number>();
    assertParserProperty({
      name: "parseCommandLine",
      input: argvOf(cli!),
      parse: (x) => cli!.parseCommandLine(x),
      own: [],
      checkValue: (_, parsed) => {
        checkParsed(parsed);
        kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
      },
    });
    // the generator reaches every outcome, runnable commands included
    for (const kind of ["usage", "run", "help", "version", "completion", "doctor"])
      expect(kinds.get(kind), kind).toBeGreaterThan(0);
  },
);
