import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatLndconnect } from "@wtclient/core";
import { dantedMissing, findDanted, freePort } from "@wtclient/socks-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBuiltBin,
  ensureLndSimCli,
  readmeSectionBlocks,
  runShellCommand,
  shellSteps,
  startShellCommand,
  type BackgroundCommand,
  type ShellCommandOptions,
  type ShellStep,
} from "../src/index.js";

// The root README's "Remote nodes and Tor" shell recipe, run as written: danted started by hand with the README's
// config, the double, then the README's wtclient commands through danted. Only what the README says a user may
// change is changed: the ports 1080, 10009 and 8080 and the /tmp paths (this test's free ports and its own folder).
// The onion lines after it run too, with the recipe's danted standing in for Tor's 127.0.0.1:9050 and
// `localhost`, which only the proxy resolves, for the onion name.
const repo = resolve(import.meta.dirname, "../../..");
const section = "Remote nodes and Tor";
const [recipe = "", onion = "", ...more] = readmeSectionBlocks(
  readFileSync(join(repo, "README.md"), "utf8"),
  section,
  "sh",
);
const readmeDanted = "/usr/sbin/danted";
const dantedBin = findDanted();

const isUp = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), done(true)));
    s.once("error", () => done(false));
  });

let dir: string;
let ports: { socks: number; rpc: number; rest: number };
let shell: ShellCommandOptions;
const background: BackgroundCommand[] = [];
/** a step of the README as this test runs it: the user's ports and folder swapped in */
let adapt: (text: string) => string;

beforeAll(async () => {
  // built up front so that the steps' `node .../dist/cli.js` find them
  ensureLndSimCli();
  ensureBuiltBin("apps/cli");
  ensureBuiltBin("apps/http");
  dir = mkdtempSync(join(tmpdir(), "wtclient-readme-tor-"));
  mkdirSync(join(dir, "home"));
  ports = { socks: await freePort(), rpc: await freePort(), rest: await freePort() };
  adapt = (text) =>
    text
      .replaceAll("/tmp/", `${dir}/`)
      .replace(/\b1080\b/g, String(ports.socks))
      .replace(/\b10009\b/g, String(ports.rpc))
      .replace(/\b8080\b/g, String(ports.rest))
      // danted where this machine has it, when that is not where Debian puts it
      .replaceAll(readmeDanted, dantedBin ?? readmeDanted);
  // PATH as this process has it (node, npx); a HOME of its own so that no ~/.lncli profile leaks in; npx finds the
  // workspace's wtclient bin without the registry, and offline, without the update notice, it asks the registry nothing
  shell = {
    cwd: repo,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: join(dir, "home"),
      npm_config_offline: "true",
      npm_config_update_notifier: "false",
    },
  };
});
afterAll(async () => {
  for (const command of background) await command.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Run a foreground step; it must succeed. */
async function runStep(step: ShellStep) {
  expect(step.background, step.command).toBe(false);
  return runShellCommand(adapt(step.command), shell);
}

describe(`README "${section}"`, () => {
  it("has the two shell blocks this test runs, in the shape it expects", () => {
    expect(more, "a new shell block in the section: run it in this test").toEqual([]);
    expect(shellSteps(recipe).map((s) => [s.background, s.command.split(" ")[0]])).toEqual([
      [false, "cat"],
      [true, readmeDanted],
      [true, "node"],
      [false, "npx"],
      [false, "npx"],
    ]);
    expect(shellSteps(onion).map((s) => [s.background, s.command.split(" ")[0]])).toEqual([
      [false, "npx"],
      [false, "node"],
    ]);
  });

  describe.skipIf(dantedBin === undefined)(
    dantedBin === undefined ? `the recipe: ${dantedMissing}` : "the recipe, run as written",
    () => {
      let admin: string;

      it("danted with the README's config and the double, then the README's two wtclient commands through it", async () => {
        const [config, danted, sim, towers, stats] = shellSteps(recipe);
        const written = await runStep(config!);
        expect({ code: written.code, stderr: written.stderr }).toEqual({ code: 0, stderr: "" });
        expect(readFileSync(join(dir, "danted.conf"), "utf8")).toContain(`port = ${ports.socks}`);

        for (const step of [danted!, sim!]) background.push(startShellCommand(adapt(step.command), shell));
        // a user waits until both are up before the next command; so does this test
        await expect
          .poll(async () => (await Promise.all([ports.socks, ports.rpc, ports.rest].map(isUp))).every(Boolean), {
            timeout: 30_000,
            interval: 100,
          })
          .toBe(true);
        expect(background.map((b) => b.exited)).toEqual([false, false]);
        admin = /^admin:\s+(\S+)$/m.exec(background[1]!.output())?.[1] ?? "";
        expect(admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

        const listed = await runStep(towers!);
        expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: "" });
        expect((JSON.parse(listed.stdout) as { towers: unknown[] }).towers).toHaveLength(3);
        const counted = await runStep(stats!);
        expect({ code: counted.code, stderr: counted.stderr }).toEqual({ code: 0, stderr: "" });
        expect(JSON.parse(counted.stdout)).toHaveProperty("num_backups");
        // the double received both: ListTowers over gRPC, Stats over REST
        const calls = (await (await fetch(`${admin}/calls`)).json()) as Record<string, number>;
        expect(calls).toMatchObject({ ListTowers: 1, Stats: 1 });
      });

      it("the onion lines: wtclient and wtclient-http with an lndconnect URI, through the recipe's danted", async () => {
        expect(admin, "the recipe's processes run (the test before)").toBeDefined();
        const lnddir = join(dir, "lnd-sim");
        const uri = formatLndconnect({
          host: "localhost",
          port: ports.rpc,
          cert: readFileSync(join(lnddir, "tls.cert"), "utf8"),
          macaroon: readFileSync(join(lnddir, "data/chain/bitcoin/regtest/admin.macaroon")),
        });
        // what a user puts in: the URI made on the node, the proxy they run, their tokens file
        const token = "readme-tor-recipe-token";
        const tokens = join(dir, "tokens.json");
        const sha256 = createHash("sha256").update(token).digest("hex");
        writeFileSync(tokens, JSON.stringify([{ id: "readme", scope: "read", sha256 }]));
        const userInput = (command: string) =>
          adapt(command)
            .replace(/"lndconnect:\/\/<name>\.onion:\d+\?cert=\.\.\.&macaroon=\.\.\."/, `"${uri}"`)
            .replaceAll("127.0.0.1:9050", `127.0.0.1:${ports.socks}`)
            .replace(/ tokens\.json\b/, ` ${tokens}`);
        const [cli, http] = shellSteps(onion);
        for (const step of [cli!, http!]) expect(userInput(step.command), step.command).not.toMatch(/<name>|9050/);

        const listed = await runShellCommand(userInput(cli!.command), shell);
        expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: "" });
        expect((JSON.parse(listed.stdout) as { towers: unknown[] }).towers).toHaveLength(3);

        // the service runs until stopped: in the background here, on a free port (its listen address by variable,
        // the command unchanged)
        const service = startShellCommand(userInput(http!.command), {
          ...shell,
          env: { ...shell.env, WTCLIENT_HTTP_LISTEN: "127.0.0.1:0" },
        });
        try {
          let url = "";
          await expect
            .poll(
              () => {
                expect(service.exited, service.output()).toBe(false);
                url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(service.output())?.[1] ?? "";
                return url;
              },
              { timeout: 30_000, interval: 100 },
            )
            .not.toBe("");
          const res = await fetch(`${url}/v2/watchtower/client/stats`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = (await res.json()) as Record<string, unknown>;
          expect(res.status, JSON.stringify(body)).toBe(200);
          expect(body).toHaveProperty("num_backups");
          expect(service.output()).not.toContain(token);
        } finally {
          await service.stop();
        }
      });

      it("with the recipe's danted stopped, the README's command fails naming the proxy: it went through danted", async () => {
        expect(background, "the recipe's processes run (the tests before)").toHaveLength(2);
        await background[0]!.stop();
        const towers = shellSteps(recipe)[3]!;
        const down = await runStep(towers);
        expect(down.code).toBe(1);
        expect(down.stderr).toContain(`hint: is Tor running at 127.0.0.1:${ports.socks}? check --socksproxy`);
      });
    },
  );
});
