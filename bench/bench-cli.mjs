import { existsSync } from "node:fs";
import { makeRow, missingRow } from "./make-row.mjs";
import { measureProcess } from "./measure-process.mjs";
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
  // one untimed run each: warms the file cache, and shows whether the command works at all
  for (const [name, args] of Object.entries(commands)) {
    const first = await measureProcess(args);
    if (first.code !== 0) {
      if (name === "cli") return missing(`the CLI exited with ${first.code}: ${first.stderr.split("\n")[0]}`);
      throw new Error(`${name} exited with ${first.code}: ${first.stderr}`);
    }
  }
  const samples = Object.fromEntries(Object.keys(commands).map((n) => [n, { wall: [], rss: [] }]));
  const order = Object.keys(commands);
  for (let run = 0; run < runs; run++) {
    // rotate who goes first, so no command always follows the same one
    for (const name of [...order.slice(run % order.length), ...order.slice(0, run % order.length)]) {
      const r = await measureProcess(commands[name]);
      if (r.code !== 0) throw new Error(`${name} exited with ${r.code} on run ${run}: ${r.stderr}`);
      samples[name].wall.push(r.wallMs);
      samples[name].rss.push(r.maxRssKib / 1024);
    }
  }
  const wall = (n) => median(samples[n].wall);
  const rss = (n) => median(samples[n].rss);
  return [
    makeRow(names.vsNode, "ms", wall("node"), wall("cli"), "<= 1.5"),
    makeRow(names.vsOneShot, "ms", wall("oneShot"), wall("cli"), "<= 0.4"),
    makeRow(names.rssNode, "MiB", rss("node"), rss("cli"), null),
    makeRow(names.rssOneShot, "MiB", rss("oneShot"), rss("cli"), null),
  ];
}
