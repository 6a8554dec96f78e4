import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join } from "node:path";

// Runs as its own detached process: once the test process is gone (killed, crashed, or exited without
// closing), it kills every pid listed in <root>/pids and removes <root>. It leaves on its own once <root> is gone.
const reaper = `
const fs = require("node:fs");
const path = require("node:path");
const parent = Number(process.argv[1]);
const root = process.argv[2];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };
const timer = setInterval(() => {
  if (!fs.existsSync(root)) process.exit(0);
  if (alive(parent)) return;
  clearInterval(timer);
  let pids = [];
  try { pids = fs.readFileSync(path.join(root, "pids"), "utf8").split("\\n").filter(Boolean).map(Number); } catch {}
  for (const pid of pids) { try { process.kill(pid, "SIGKILL"); } catch {} }
  setTimeout(() => { fs.rmSync(root, { recursive: true, force: true }); process.exit(0); }, 500);
}, 1000);
`;

export interface Reaper {
  /** record a process the reaper must kill if this process dies first */
  watch(pid: number): void;
  /** stop the reaper (after a normal close) */
  stop(): void;
}

/** Start the reaper for everything under `root`: the last line of defence when the test process dies. */
export function spawnReaper(root: string): Reaper {
  const child = spawn(process.execPath, ["-e", reaper, String(process.pid), root], { detached: true, stdio: "ignore" });
  child.unref();
  return {
    watch: (pid) => appendFileSync(join(root, "pids"), `${pid}\n`),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
