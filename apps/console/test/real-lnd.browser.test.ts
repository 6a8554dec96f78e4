import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { lndDirFromEnv, lndSkipMessage, startLndPair } from "@wtclient/lnd-harness";
import { spawnHttpService } from "@wtclient/reliability";
import { describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium } from "./launch-chromium.js";

// the console in Chromium against wtclient-http in front of a real regtest lnd client (the trio @wtclient/lnd-harness
// starts from WTCLIENT_LND_DIR): the real tower and its sessions, a terminate marked as such, a deactivate
const lndDir = lndDirFromEnv();
const missing = chromiumMissing() ?? (lndDir === undefined ? lndSkipMessage : undefined);
if (missing !== undefined) console.warn(`console browser tests against a real lnd skipped: ${missing}`);

describe.skipIf(missing !== undefined)(
  "the web console in Chromium, against wtclient-http in front of a real lnd",
  () => {
    it(
      "shows the real tower and its sessions, terminates one and marks it, and deactivates the tower",
      { timeout: 900_000 },
      async () => {
        await using pair = await startLndPair({ lndDir: lndDir! });
        const dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-console-lnd-"));
        const token = randomBytes(24).toString("base64url");
        const tokensFile = path.join(dir, "tokens.json");
        await writeFile(
          tokensFile,
          JSON.stringify([
            { id: "operator", scope: "write", sha256: createHash("sha256").update(token).digest("hex") },
          ]),
        );
        const lines: string[] = [];
        const http = await spawnHttpService(
          [
            "--listen",
            "127.0.0.1:0",
            "--rpcserver",
            pair.client.rpcAddress,
            "--lnddir",
            pair.client.lnddir,
            "--network",
            "regtest",
            "--tokens",
            tokensFile,
          ],
          (line) => lines.push(line),
        );
        const browser = await launchChromium();
        const requested: string[] = [];
        try {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          context.on("request", (r) => requested.push(r.url()));
          const page = await context.newPage();
          await page.goto(`${http.url}/`);
          await page.getByLabel("Bearer token", { exact: true }).fill(token);
          await page.getByRole("button", { name: "Sign in" }).click();
          const tower = page.locator(`[data-tower="${pair.towerPubkey}"]`);
          await tower.waitFor();
          await tower.getByText("active candidate").waitFor();

          // one session per tower client type, as the harness waited for
          await tower.getByRole("button", { name: /Show sessions/ }).click();
          for (const type of ["Legacy", "Anchor", "Taproot"]) {
            await tower.getByRole("heading", { name: new RegExp(`^${type}: \\d+ sessions?$`) }).waitFor();
          }
          const row = tower.locator("[data-session]").first();
          const id = await row.getAttribute("data-session");
          expect(id).toMatch(/^0[23][0-9a-f]{64}$/);
          await row.getByRole("button", { name: /^Terminate/ }).click();
          await page.getByRole("dialog").getByRole("button", { name: "Terminate session" }).click();
          await page.locator('[data-outcome="ok"]').waitFor();
          await expect(page.locator('[data-outcome="ok"]').textContent()).resolves.toContain(
            `Successful termination of session: ${id}`,
          );
          await page
            .locator(`[data-session="${id}"]`)
            .getByText(/^terminated/)
            .waitFor();

          await tower.getByRole("button", { name: "Deactivate" }).click();
          await page.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
          // the terminate's outcome is still on the page: wait for the deactivation's own
          await page
            .locator('[data-outcome="ok"]', { hasText: `Successful deactivation of tower: ${pair.towerPubkey}` })
            .waitFor();
          await tower.getByText("inactive").waitFor();
          await context.close();
          expect(requested.filter((u) => new URL(u).origin !== new URL(http.url).origin)).toEqual([]);
        } finally {
          await browser.close();
          await http.stop();
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  },
);
