import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const gnuTime = "/usr/bin/time";
const hasGnuTime = (() => {
  try {
    accessSync(gnuTime, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();
const maxRssHook = new URL("./max-rss-hook.mjs", import.meta.url).pathname;

/** How peak RSS is measured on this machine, for the notes. */
export const peakRssMethod = hasGnuTime
  ? "GNU time -v 'Maximum resident set size' of the process"
  : "process.resourceUsage().maxRSS at exit, via a preloaded hook (node --import bench/max-rss-hook.mjs)";

/**
 * Run `node ...nodeArgs` once: wall time in ms (spawn to exit, seen from this process), peak RSS in KiB,
 * exit code and the start of stderr. `executable` runs another program instead of node (lncli, say; its
 * peak RSS then needs GNU time), `env` replaces this process's environment.
 */
export async function measureProcess(nodeArgs, { executable = process.execPath, env: baseEnv = process.env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "wtclient-bench-rss-"));
  const rssFile = join(dir, "rss.txt");
  const [command, args, env] = hasGnuTime
    ? [gnuTime, ["-v", "-o", rssFile, executable, ...nodeArgs], baseEnv]
    : executable === process.execPath
      ? [process.execPath, ["--import", maxRssHook, ...nodeArgs], { ...baseEnv, WTCLIENT_BENCH_RSS_FILE: rssFile }]
      : [executable, nodeArgs, baseEnv];
  try {
    const t0 = performance.now();
    const { code, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stderr }));
    });
    const wallMs = performance.now() - t0;
    const text = existsSync(rssFile) ? readFileSync(rssFile, "utf8") : "";
    const kib = hasGnuTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] : text.trim() || Number.NaN;
    return { wallMs, maxRssKib: Number(kib), code, stderr: stderr.slice(0, 300) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
