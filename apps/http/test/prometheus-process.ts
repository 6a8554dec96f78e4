import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { request } from "./harness.js";

/** Why a Prometheus binary cannot be used here (one line), or undefined when it runs. */
export function missingBinary(name: "prometheus" | "promtool"): string | undefined {
  const r = spawnSync(name, ["--version"], { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0)
    return `${name} is not installed (Debian: apt-get install prometheus), so this test is skipped`;
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PrometheusProcess extends AsyncDisposable {
  readonly url: string;
  /** An instant query through the HTTP API: each series' labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** Active alerts (pending or firing) through the HTTP API. */
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  /** Loaded rules through the HTTP API. */
  rules(): Promise<{ name: string; health: string }[]>;
  /** Poll until `check` returns true (or throw after `timeoutMs` with what was seen last). */
  until(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
}

/**
 * Debian's prometheus on a free loopback port, its data in a temporary directory, scraping `target`
 * (host:port) every second and evaluating `ruleFile` every second.
 */
export async function startPrometheus(target: string, ruleFile: string): Promise<PrometheusProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-prometheus-"));
  const port = await freePort();
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "  evaluation_interval: 1s",
    "rule_files:",
    `  - ${JSON.stringify(ruleFile)}`,
    "scrape_configs:",
    "  - job_name: wtclient",
    "    static_configs:",
    `      - targets: [${JSON.stringify(target)}]`,
    "",
  ].join("\n");
  await writeFile(path.join(dir, "prometheus.yml"), config);
  const output: string[] = [];
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (b: Buffer) => output.push(b.toString("utf8")));
  child.stderr?.on("data", (b: Buffer) => output.push(b.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const api = async (p: string): Promise<unknown> => {
    const res = await request(`${url}${p}`);
    if (res.status !== 200) throw new Error(`prometheus ${p}: HTTP ${res.status} ${res.text}`);
    return (res.json as { data: unknown }).data;
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> => {
    const end = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < end) {
      try {
        if (await check()) return;
      } catch (e) {
        last = e;
      }
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${output.join("")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}\n${output.join("")}`,
    );
  };
  const close = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await until("prometheus to be ready", async () => (await request(`${url}/-/ready`)).status === 200);
  } catch (e) {
    await close();
    throw e;
  }
  return {
    url,
    until,
    async query(expr) {
      const data = (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as {
        result: { metric: Record<string, string>; value: [number, string] }[];
      };
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async alerts() {
      return ((await api("/api/v1/alerts")) as { alerts: { labels: Record<string, string>; state: string }[] }).alerts;
    },
    async rules() {
      const data = (await api("/api/v1/rules")) as { groups: { rules: { name: string; health: string }[] }[] };
      return data.groups.flatMap((g) => g.rules);
    },
    [Symbol.asyncDispose]: close,
  };
}
