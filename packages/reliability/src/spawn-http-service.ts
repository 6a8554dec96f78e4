import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { ensureBuiltBin } from "./ensure-built-bin.js";

export interface SpawnedHttpService {
  readonly pid: number;
  /** http://127.0.0.1:<port> as the service logged it */
  readonly url: string;
  /**
   * A full garbage collection in the service (SIGUSR2 to a hook loaded with --expose-gc), V8's last-resort one on
   * Node 22 and later (it also hands pooled pages back to the OS); resolves with its memory usage then.
   */
  collectGarbage(): Promise<NodeJS.MemoryUsage>;
  /** SIGTERM, then SIGKILL if it has not exited after 10 s; resolves with its exit code */
  stop(): Promise<number | null>;
}

const gcDone = "wtclient-reliability: gc done ";
// a test-only hook, loaded before the service: on SIGUSR2 a full GC, then one line with process.memoryUsage().
// On Node 22 and later the GC is V8's last-resort one: a plain gc() leaves the young generation's pooled pages
// resident (counted in no heap figure; see test/soak.test.ts), the last-resort GC unmaps them. Node 20's V8 keeps
// its young generation committed instead (heapTotal shows it) and ignores these options (gc({ type: "major" })
// frees nothing there), so it gets the plain gc().
const gcHook = `data:text/javascript,${encodeURIComponent(
  `const full = Number(process.versions.node.split(".")[0]) >= 22 ? () => globalThis.gc({ type: "major", execution: "sync", flavor: "last-resort" }) : () => globalThis.gc();` +
    `process.on("SIGUSR2", () => { full(); process.stderr.write(${JSON.stringify(gcDone)} + JSON.stringify(process.memoryUsage()) + "\\n"); });`,
)}`;
// fixed glibc thresholds: by default a large freed block raises them for good, and the heap then keeps ~25 MB
// resident after some random request; with them fixed, RSS after a GC is what live objects hold (a leak shows)
const allocatorEnv = { MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" };

/**
 * Run the built `wtclient-http` bin (apps/http/dist/cli.js) with `args`; resolves once it logs its URL.
 * Every line it prints (JSON log lines on stdout, anything on stderr) goes to `onLine` for as long as it runs.
 */
export async function spawnHttpService(
  args: readonly string[],
  onLine: (line: string) => void,
  startDeadlineMs = 30_000,
): Promise<SpawnedHttpService> {
  const cli = ensureBuiltBin("apps/http");
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...allocatorEnv };
  const child = spawn(process.execPath, ["--expose-gc", "--import", gcHook, cli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  let gcWaiters: ((usage: NodeJS.MemoryUsage) => void)[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    if (!line.startsWith(gcDone)) return onLine(line);
    const usage = JSON.parse(line.slice(gcDone.length)) as NodeJS.MemoryUsage;
    for (const done of gcWaiters) done(usage);
    gcWaiters = [];
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`wtclient-http did not log its URL within ${startDeadlineMs} ms`)),
      startDeadlineMs,
    );
    void exited.then((code) => reject(new Error(`wtclient-http exited with ${String(code)} before listening`)));
    lines.on("line", (line) => {
      onLine(line);
      const record = line.startsWith("{") ? (JSON.parse(line) as { url?: unknown; msg?: unknown }) : {};
      if (typeof record.url === "string" && typeof record.msg === "string" && record.msg.startsWith("listening on")) {
        clearTimeout(timer);
        resolve(record.url);
      }
    });
  }).catch((e: unknown) => {
    child.kill("SIGKILL");
    throw e;
  });
  return {
    pid: child.pid!,
    url,
    collectGarbage: () =>
      new Promise<NodeJS.MemoryUsage>((resolve) => {
        gcWaiters.push(resolve);
        child.kill("SIGUSR2");
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
