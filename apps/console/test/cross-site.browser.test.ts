import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { demoKey } from "@wtclient/lnd-sim";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleStack, type ConsoleStack } from "./console-stack.js";
import { chromiumMissing, launchChromium } from "./launch-chromium.js";

// wtclient-http with --insecure-no-auth acts with its own macaroon for anyone who reaches it, so a web page on
// another origin that the operator happens to open must not be able to make it write (README "The HTTP service":
// the cross-site rules). Here a real Chromium opens such a page, which fires the writes a browser sends without a
// preflight; the double counts what reached it.
const missing = chromiumMissing();
if (missing !== undefined) console.warn(`cross-site browser tests skipped: ${missing}`);

const alpha = demoKey("tower/alpha");
const deactivatePath = `/v2/watchtower/client/tower/deactivate/${Buffer.from(alpha, "hex").toString("base64url")}`;

/** A page on its own origin that fires a text/plain fetch and a form POST at the service, then says it is done. */
function attackerPage(target: string): string {
  return `<!doctype html><title>waiting</title>
<iframe name="sink"></iframe>
<form method="POST" action="${target}" target="sink"><input name="x" value="1"></form>
<script>
  fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: "{}" })
    .catch(() => undefined)
    .then(() => {
      document.querySelector("iframe").addEventListener("load", () => { document.title = "done"; });
      document.forms[0].submit();
    });
</script>`;
}

describe.skipIf(missing !== undefined)(
  "cross-site writes from a real browser, against wtclient-http --insecure-no-auth",
  () => {
    let stack: ConsoleStack;
    let browser: Browser;
    let attacker: Server;
    let attackerUrl: string;

    const lndCalls = async () => (await (await fetch(`${stack.lnd.adminUrl}/calls`)).json()) as Record<string, number>;

    beforeAll(async () => {
      stack = await startConsoleStack({ httpArgs: ["--insecure-no-auth"] });
      browser = await launchChromium();
      attacker = createServer((_req, res) =>
        res.writeHead(200, { "content-type": "text/html" }).end(attackerPage(`${stack.url}${deactivatePath}`)),
      );
      await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
      attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => attacker?.close(resolve));
      await stack?.[Symbol.asyncDispose]();
    });

    it("a page on another origin cannot deactivate a tower, by fetch or by form; the service's own page can", async () => {
      expect(new URL(attackerUrl).origin).not.toBe(new URL(stack.url).origin);
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(attackerUrl);
        await page.waitForFunction(() => document.title === "done");
        // the service logs a request after answering it and the line crosses a pipe, so it may trail the page
        const refusals = () =>
          stack.logLines.filter((l) => l.includes(`"route":"DeactivateTower"`) && /"status":4\d\d/.test(l)).length;
        await expect.poll(refusals, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
        expect((await lndCalls()).DeactivateTower ?? 0).toBe(0);

        // the same write from the service's own origin, as the console sends it, goes through
        await page.goto(`${stack.url}/`);
        const status = await page.evaluate(
          async (path) =>
            (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status,
          deactivatePath,
        );
        expect(status).toBe(200);
        expect((await lndCalls()).DeactivateTower).toBe(1);
      } finally {
        await context.close();
      }
    });
  },
);
