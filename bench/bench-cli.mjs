import { existsSync } from "node:fs";
import { makeRow, missingRow } from "./make-row.mjs";
import { measureInterleaved } from "./measure-interleaved.mjs";
import { median } from "./stats.mjs";

const cliBin = new URL("../apps/cli/dist/cli.js", import.meta.url).pathname;
const oneShot = new URL("./grpc-js-oneshot.mjs", import.meta.url).pathname;

/**
 * Row 3: `wtclient session terminate <id>` as a fresh process, against `node -e 0` (the floor of any
 * Node CLI) and against lnd's documented grpc-js style as a one-shot script; `runs` of each, interleaved.
 */
export async function benchCli(sim, { runs }) {
  const names = {
    vsNode: "CLI cold start: session terminate, wall time (vs node -e 0)",
    vsOneShot: "CLI cold start: session terminate, wall time (vs grpc-js one-shot script)",
    rssNode: "CLI peak RSS (vs node -e 0)",
    rssOneShot: "CLI peak RSS (vs grpc-js one-shot script)",
  };
  const missing = (reason) => [
    missingRow(names.vsNode, "ms", "<= 1.5", reason),
    missingRow(names.vsOneShot, "ms", "<= 0.4", reason),
    missingRow(names.rssNode, "MiB", null, reason),
    missingRow(names.rssOneShot, "MiB", null, reason),
  ];
  if (!existsSync(cliBin)) return missing("apps/cli/dist/cli.js was not built");
  const commands = {
    cli: [
      cliBin,
      "--lnddir",
      sim.lnddir,
      "--network",
      "regtest",
      "--rpcserver",
      sim.rpcAddress,
      "session",
      "terminate",
      sim.sessionId,
    ],
    node: ["-e", "0"],
    oneShot: [oneShot, sim.rpcAddress, sim.lnddir, sim.sessionId],
  };
  const { failed, samples } = await measureInterleaved(
    Object.fromEntries(Object.entries(commands).map(([name, args]) => [name, { args }])),
    runs,
  );
  if (failed?.name === "cli") return missing(`the CLI exited with ${failed.code}: ${failed.stderr.split("\n")[0]}`);
  if (failed !== undefined) throw new Error(`${failed.name} exited with ${failed.code}: ${failed.stderr}`);
  const wall = (n) => median(samples[n].map((r) => r.wallMs));
  const rss = (n) => median(samples[n].map((r) => r.maxRssKib / 1024));
  return [
    makeRow(names.vsNode, "ms", wall("node"), wall("cli"), "<= 1.5"),
    makeRow(names.vsOneShot, "ms", wall("oneShot"), wall("cli"), "<= 0.4"),
    makeRow(names.rssNode, "MiB", rss("node"), rss("cli"), null),
    makeRow(names.rssOneShot, "MiB", rss("oneShot"), rss("cli"), null),
  ];
}
