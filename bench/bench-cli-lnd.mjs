import { existsSync } from "node:fs";
import { lncliFlags } from "@wtclient/lnd-harness";
import { makeRow, missingRow } from "./make-row.mjs";
import { measureInterleaved } from "./measure-interleaved.mjs";
import { median } from "./stats.mjs";

const cliBin = new URL("../apps/cli/dist/cli.js", import.meta.url).pathname;

/**
 * `wtclient stats` as a fresh process against the client node of a real lnd pair (from startLndPair),
 * over gRPC and over REST, against `node -e 0` (the floor of any Node CLI), against lncli's own
 * `lncli wtclient stats`, and REST against gRPC; `runs` of each, interleaved, medians of the wall time.
 */
export async function benchCliLnd(pair, { runs }) {
  const names = {
    grpcVsNode: "CLI on real lnd: stats over gRPC, wall time (vs node -e 0)",
    restVsNode: "CLI on real lnd: stats over REST, wall time (vs node -e 0)",
    grpcVsLncli: "CLI on real lnd: stats over gRPC, wall time (vs lncli wtclient stats)",
    restVsLncli: "CLI on real lnd: stats over REST, wall time (vs lncli wtclient stats)",
    restVsGrpc: "CLI on real lnd: stats, REST wall time (vs gRPC)",
  };
  const missing = (reason) => [
    missingRow(names.grpcVsNode, "ms", "<= 1.5", reason),
    missingRow(names.restVsNode, "ms", "<= 1.5", reason),
    missingRow(names.grpcVsLncli, "ms", null, reason),
    missingRow(names.restVsLncli, "ms", null, reason),
    missingRow(names.restVsGrpc, "ms", "<= 1.1", reason),
  ];
  if (!existsSync(cliBin)) return missing("apps/cli/dist/cli.js was not built");
  const node = pair.client;
  // the pair's empty HOME and only PATH, for every command alike: no lncli profile or LNCLI_* variable applies
  const env = { PATH: process.env.PATH ?? "", HOME: pair.home };
  const wtclient = [
    "--lnddir",
    node.lnddir,
    "--network",
    "regtest",
    "--rpcserver",
    node.rpcAddress,
    "--restserver",
    node.restAddress,
  ];
  const commands = {
    node: { args: ["-e", "0"], options: { env } },
    grpc: { args: [cliBin, ...wtclient, "stats"], options: { env } },
    rest: { args: [cliBin, ...wtclient, "--transport", "rest", "stats"], options: { env } },
    lncli: { args: [...lncliFlags(node), "wtclient", "stats"], options: { env, executable: pair.lncliPath } },
  };
  const { failed, samples } = await measureInterleaved(commands, runs);
  if (failed?.name === "grpc" || failed?.name === "rest")
    return missing(`the CLI over ${failed.name} exited with ${failed.code}: ${failed.stderr.split("\n")[0]}`);
  if (failed !== undefined) throw new Error(`${failed.name} exited with ${failed.code}: ${failed.stderr}`);
  const wall = (n) => median(samples[n].map((r) => r.wallMs));
  return [
    makeRow(names.grpcVsNode, "ms", wall("node"), wall("grpc"), "<= 1.5"),
    makeRow(names.restVsNode, "ms", wall("node"), wall("rest"), "<= 1.5"),
    makeRow(names.grpcVsLncli, "ms", wall("lncli"), wall("grpc"), null),
    makeRow(names.restVsLncli, "ms", wall("lncli"), wall("rest"), null),
    makeRow(names.restVsGrpc, "ms", wall("grpc"), wall("rest"), "<= 1.1"),
  ];
}
