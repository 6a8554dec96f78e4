import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startLndSim } from "@wtclient/lnd-sim";
import { expect, it } from "vitest";
import { runBin, tempHome } from "./run-bin.js";

const readme = new URL("../../../README.md", import.meta.url);
// the README's example names these; the test's double runs in a temporary lnddir on free ports
const readmeLnddir = "/tmp/lnd-sim";
const readmeAddress = "127.0.0.1:10009";

function exampleOf(text: string): string {
  const m = /<!-- doctor-example:start[^>]*-->\n```text\n([\s\S]*?)```\n<!-- doctor-example:end -->/.exec(text);
  if (m === null) throw new Error("README.md has no doctor example between the doctor-example markers");
  return m[1]!;
}

// the certificate's end date depends on the day the double made it
const undated = (text: string) => text.replace(/valid until \d{4}-\d{2}-\d{2}/g, "valid until <date>");

it(
  "the README's `wtclient doctor` example is what doctor prints against the double with its client switched off",
  { timeout: 120_000 },
  async () => {
    const lnddir = await mkdtemp(path.join(os.tmpdir(), "wtclient-doctor-readme-"));
    const home = await tempHome();
    await using sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0", active: false });
    try {
      const r = await runBin(["--lnddir", lnddir, "-n", "regtest", "--rpcserver", sim.rpcAddress, "doctor"], {
        home: home.dir,
      });
      expect(r.code).toBe(1);
      // as if run with the README's lnddir and the double's default port
      const printed = r.stdout.replaceAll(lnddir, readmeLnddir).replaceAll(sim.rpcAddress, readmeAddress);
      expect(undated(exampleOf(readFileSync(readme, "utf8")))).toBe(undated(printed));
    } finally {
      await home.remove();
      await rm(lnddir, { recursive: true, force: true });
    }
  },
);
