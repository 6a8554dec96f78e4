import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The path of a workspace's built bin (`<workspace>/dist/cli.js`, e.g. workspace "apps/cli"), building it with
 * tsup when it is missing. A dist older than its sources is used as it is: build first after changing them.
 */
export function ensureBuiltBin(workspace: string): string {
  const dir = join(repoRoot, workspace);
  const cli = join(dir, "dist", "cli.js");
  if (existsSync(cli)) return cli;
  const build = spawnSync("npx", ["tsup"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  if (build.status !== 0 || !existsSync(cli)) {
    const output = `${build.stdout ?? ""}${build.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(
      `${workspace}/dist/cli.js is missing and \`npx tsup\` in ${workspace} could not build it (exit ${String(build.status)}):\n${output}`,
    );
  }
  return cli;
}
