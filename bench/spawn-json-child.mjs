import { spawn } from "node:child_process";

/**
 * Start `node script ...args` and wait for the first line it prints on stdout, parsed as JSON.
 * The child's stdin stays open: closing it (close()) or the parent exiting tells it to stop.
 */
export function spawnJsonChild(script, args = [], { timeoutMs = 120_000 } = {}) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const info = new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`${script} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf("\n");
      if (end < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buffered.slice(0, end)));
      } catch (e) {
        reject(new Error(`${script} printed a first line that is not JSON: ${e.message}`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      child.kill("SIGTERM");
    }
    await exited;
  };
  return { child, info, close };
}
