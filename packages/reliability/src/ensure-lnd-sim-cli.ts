import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const lndSimDir = fileURLToPath(new URL("../../lnd-sim/", import.meta.url));

/** The path of the lnd double's built CLI (packages/lnd-sim/dist/cli.js), building it with tsup when it is missing. */
export function ensureLndSimCli(): string {
  const cli = join(lndSimDir, "dist", "cli.js");
  if (existsSync(cli)) return cli;
  const build = spawnSync("npx", ["tsup"], { cwd: lndSimDir, encoding: "utf8", timeout: 120_000 });
  if (build.status !== 0 || !existsSync(cli)) {
    const output = `${build.stdout ?? ""}${build.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`packages/lnd-sim/dist/cli.js is missing and \`npx tsup\` in packages/lnd-sim could not build it (exit ${String(build.status)}):\n${output}`);
  }
  return cli;
}
