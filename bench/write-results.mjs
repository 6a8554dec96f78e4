import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import { formatTable } from "./format-table.mjs";

const latestPath = new URL("./latest.json", import.meta.url).pathname;
const resultsPath = new URL("./RESULTS.md", import.meta.url).pathname;

const preamble = `# wtclient benchmark results

Each section is one \`npm run bench\` (newest last): wtclient against what users would otherwise run, against
the same lnd double (\`@wtclient/lnd-sim\`) in one run. ratio = wtclient / baseline; a row passes when the
ratio meets the target. "info" rows have no target. See bench/README.md for how each row is measured. On a
shared, slow VM only the ratios mean something, and even they move by 10-20% between runs.
`;

/** The machine the numbers came from. */
export function machineDetails() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    cpu: cpus[0]?.model.trim() ?? "unknown",
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  };
}

/**
 * bench/latest.json ({ machine, lnd, rows }: rows measured against a real lnd say so in `against`),
 * and a dated section appended to bench/RESULTS.md.
 */
export function writeResults(rows, { notes, startedAt, elapsedSeconds, lndVersion }) {
  const m = machineDetails();
  writeFileSync(
    latestPath,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), machine: m, lnd: lndVersion ?? null, rows }, null, 2)}\n`,
  );
  const section = [
    "",
    `## ${startedAt.toISOString()}`,
    "",
    `Machine: ${m.cores} cores (availableParallelism ${m.availableParallelism}), ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}. Whole run: ${elapsedSeconds.toFixed(0)} s. Real lnd: ${lndVersion ?? "none (WTCLIENT_LND_DIR unset)"}.`,
    "",
    formatTable(rows, { markdown: true }),
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  if (!existsSync(resultsPath)) writeFileSync(resultsPath, preamble);
  appendFileSync(resultsPath, section);
}
