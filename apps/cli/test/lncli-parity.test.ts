import { fixturePath } from "@wtclient/lnd-fixtures";
import {
  lndDirFromEnv,
  lndSkipMessage,
  lncliFlags,
  startLndPair,
  type LndNode,
  type LndPair,
} from "@wtclient/lnd-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseKeysOf } from "./case-keys.js";
import { lncliCases, type CaseKeys, type LncliCase } from "./lncli-cases.js";
import { normaliseAnswer } from "./normalise-answer.js";
import { runBin, type BinResult } from "./run-bin.js";

// Every wtclient command and error case, run through the real lncli and through wtclient (the built bin, a
// real process) against the same real lnd, over gRPC and over REST: same JSON, exit code and error text.
const lndDir = lndDirFromEnv();

/** `[lncli] text` -> `text`, `[wtclient] text` -> `text`: the first stderr line without its prefix. */
function errorText(stderr: string, prefix: "lncli" | "wtclient"): string {
  const first = stderr.split("\n")[0]!;
  expect(first.startsWith(`[${prefix}] `), `${prefix} stderr: ${stderr}`).toBe(true);
  return first.slice(prefix.length + 3);
}

function expectSame(ours: BinResult, lncli: BinResult): void {
  expect({ code: ours.code, stderr: ours.stderr === "" }, `wtclient: ${ours.stderr}\nlncli: ${lncli.stderr}`).toEqual({
    code: lncli.code,
    stderr: lncli.stderr === "",
  });
  if (lncli.code === 0) {
    expect(normaliseAnswer(JSON.parse(ours.stdout))).toEqual(normaliseAnswer(JSON.parse(lncli.stdout)));
    return;
  }
  expect(ours.stdout).toBe("");
  expect(errorText(ours.stderr, "wtclient")).toBe(errorText(lncli.stderr, "lncli"));
  // ours adds one line: what to do
  const more = ours.stderr.replace(/\n$/, "").split("\n").slice(1);
  expect(more).toHaveLength(1);
  expect(more[0]).toMatch(/^hint: ./);
}

function expectDeliberateDifference(c: LncliCase, words: string[], ours: BinResult, lncli: BinResult): void {
  switch (c.differs) {
    case "usage": {
      // lncli shows the command's help and exits 0; wtclient says what is wrong and exits 2
      expect(lncli).toMatchObject({ code: 0, stderr: "" });
      expect(lncli.stdout).toMatch(/^NAME:\n {3}lncli wtclient /);
      expect(ours).toMatchObject({ code: 2, stdout: "" });
      const path = words.slice(0, words[0] === "session" ? 2 : 1).join(" ");
      expect(ours.stderr).toMatch(
        new RegExp(`^\\[wtclient\\] .+\\n\\nwtclient ${path} - [^]*Usage: wtclient \\[global flags\\] ${path}`),
      );
      return;
    }
    case "missing-id":
      expect(lncli).toMatchObject({
        code: 1,
        stdout: "",
        stderr: "[lncli] rpc error: code = Unknown desc = malformed public key: invalid length: 0\n",
      });
      expect(ours).toMatchObject({ code: 2, stdout: "" });
      expect(ours.stderr).toMatch(/^\[wtclient\] missing argument: id\n/);
      return;
    case "tlscertpath":
      // lncli ignored the foreign cert and used the node's; wtclient pinned the cert it was given
      expect(lncli.code).toBe(0);
      expect(ours.code).toBe(1);
      expect(ours.stderr).toMatch(/^\[wtclient\] .*certificate/i);
      return;
    case undefined:
      throw new Error("not a deliberate difference");
  }
}

const transports = [
  { name: "grpc", flags: (_: LndNode) => [] as string[] },
  { name: "rest", flags: (n: LndNode) => ["--transport", "rest", "--restserver", n.restAddress] },
];

if (lndDir === undefined) {
  describe("parity with a real lncli", () => it.skip(lndSkipMessage, () => undefined));
} else {
  describe("parity with a real lncli against a real lnd", () => {
    let pair: LndPair;
    let keys: CaseKeys;
    beforeAll(async () => {
      pair = await startLndPair({ lndDir });
      keys = await caseKeysOf(pair, fixturePath("tls.cert"));
      // three lnds starting on a busy machine (each wait of the harness may take 600 s)
    }, 1_500_000);
    afterAll(async () => pair?.close(), 120_000);

    const lncli = (node: LndNode, flags: string[], words: string[]) =>
      pair.lncli(node, [...flags, "wtclient", ...words]);

    for (const c of lncliCases) {
      describe(c.name, () => {
        const node = () => (c.node === "client" ? pair.client : pair.inactive);
        const flags = () => c.flags?.(keys, node().macaroonDir) ?? [];
        const setup = async () => {
          for (const s of c.setup?.(keys) ?? []) await lncli(node(), [], s);
        };
        // lncli's answer, once; each transport's turn starts from the same state again
        let theirs: BinResult;
        beforeAll(async () => {
          await setup();
          theirs = await lncli(node(), flags(), c.words(keys));
        }, 120_000);

        for (const t of transports) {
          it(`wtclient over ${t.name}`, async () => {
            const words = c.words(keys);
            await setup();
            const ours = await runBin([...lncliFlags(node()), ...t.flags(node()), ...flags(), ...words], {
              home: pair.home,
            });
            if (c.differs === undefined) expectSame(ours, theirs);
            else expectDeliberateDifference(c, words, ours, theirs);
          }, 120_000);
        }
      });
    }
  });
}
