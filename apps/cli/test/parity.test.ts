import path from "node:path";
import { captureSeed, startLndSim } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capture, lncliText, type LncliRun } from "./capture.js";
import { normaliseAnswer as normalise } from "./normalise-answer.js";
import { runBin, tempHome } from "./run-bin.js";

type Json = Record<string, unknown>;

/** Run the capture's lncli args through wtclient and compare with what lncli got from lnd. */
async function expectSameAsLncli(
  run: LncliRun,
  connection: { before: string[]; after: string[] },
  home: string,
): Promise<void> {
  const words = run.args.slice(2);
  const r = await runBin([...connection.before, ...words, ...connection.after], { home });
  if (words.join(" ") === "session terminate") {
    // deliberate difference: lncli sends an empty id (and lnd rejects it); a missing id is a usage error here
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^\[wtclient\] missing argument: id\n\n.*\n\nUsage: wtclient \[global flags\] session terminate id\n/,
    );
    return;
  }
  expect({ code: r.code, stderrEmpty: r.stderr === "" }).toEqual({
    code: run.exit_code,
    stderrEmpty: run.stderr === "",
  });
  if (run.exit_code === 0) {
    expect(normalise(JSON.parse(r.stdout) as Json)).toEqual(normalise(JSON.parse(run.stdout) as Json));
    return;
  }
  expect(r.stdout).toBe("");
  const [first, ...more] = r.stderr.replace(/\n$/, "").split("\n");
  expect(first).toBe(`[wtclient] ${lncliText(run.stderr)}`);
  expect(more).toHaveLength(1);
  expect(more[0]).toMatch(/^hint: ./);
}

const transports = [
  // gRPC with the global flags before the command words (as lncli wants them) ...
  { name: "grpc", place: "before" as const, extra: (_: string) => [] as string[] },
  // ... and REST with them after the command words
  { name: "rest", place: "after" as const, extra: (rest: string) => ["--transport", "rest", "--restserver", rest] },
];

describe.each(transports)("parity with lncli against the lnd double over $name", ({ place, extra }) => {
  for (const scenario of [
    { title: "an active watchtower client", runs: capture.lncli, active: true },
    { title: "an inactive watchtower client", runs: capture.inactive_client.lncli, active: false },
  ]) {
    describe(scenario.title, () => {
      let home: Awaited<ReturnType<typeof tempHome>>;
      let sim: Awaited<ReturnType<typeof startLndSim>>;
      let connection: { before: string[]; after: string[] };
      beforeAll(async () => {
        home = await tempHome();
        sim = await startLndSim({
          lnddir: path.join(home.dir, "lnd"),
          network: "regtest",
          rpclisten: "127.0.0.1:0",
          restlisten: "127.0.0.1:0",
          seed: captureSeed(capture.inputs),
          active: scenario.active,
        });
        const flags = [
          "--lnddir",
          sim.lnddir,
          "--network",
          "regtest",
          "--rpcserver",
          sim.rpcAddress,
          ...extra(sim.restAddress),
        ];
        connection = place === "before" ? { before: flags, after: [] } : { before: [], after: flags };
      });
      afterAll(async () => {
        await sim?.close();
        await home?.remove();
      });
      // in capture order: later runs see the state earlier ones left (deactivate, add, ...)
      it.each(scenario.runs.map((run, i) => [i, run.args.slice(2).join(" "), run] as const))(
        "#%i %s",
        async (_, __, run) => {
          await expectSameAsLncli(run, connection, home.dir);
        },
      );
    });
  }
});
