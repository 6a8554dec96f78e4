// Regenerates screenshots/console-1280.png and console-390.png: the console as README's command shows it
// (`wtclient-http --sim --insecure-no-auth`), the first tower expanded, its exhausted session terminated. Run: npm run screenshots -w @wtclient/console
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { spawnHttpService } from "@wtclient/reliability";
import { chromiumMissing, launchChromium } from "../test/launch-chromium.js";

const missing = chromiumMissing();
if (missing !== undefined) {
  console.error(`screenshots: ${missing}`);
  process.exit(1);
}
const out = fileURLToPath(new URL("../screenshots/", import.meta.url));
mkdirSync(out, { recursive: true });
const service = await spawnHttpService(["--sim", "--insecure-no-auth", "--listen", "127.0.0.1:0"], () => undefined);
const browser = await launchChromium();
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({
      viewport: { width, height: width > 600 ? 900 : 844 },
      deviceScaleFactor: width > 600 ? 1 : 2,
      colorScheme: "light",
    });
    await page.goto(`${service.url}/`);
    await page.locator("[data-tower]").first().waitFor();
    // the tower with the most to show: the one with an exhausted session
    await page
      .locator("[data-tower]")
      .first()
      .getByRole("button", { name: /Show sessions/ })
      .click();
    await page.locator("[data-session]").first().waitFor();
    if (width > 600) {
      // retire the exhausted session through the page, so its mark (from the audit log) shows too
      await page
        .locator("tr.exhausted")
        .first()
        .getByRole("button", { name: /^Terminate/ })
        .click();
      await page.getByRole("dialog").getByRole("button", { name: "Terminate session" }).click();
      await page.locator("tr.terminated").first().waitFor();
    }
    const file = `${out}console-${width}.png`;
    if (width > 600) await page.screenshot({ path: file, fullPage: true });
    else {
      // a phone shows the towers: from their heading, one screen and a half
      const top =
        (await page.evaluate(
          () => document.getElementById("towers-title")!.getBoundingClientRect().top + window.scrollY,
        )) - 24;
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top, width, height: 1300 } });
    }
    console.log(`screenshots: wrote ${file.slice(file.indexOf("apps/console"))}`);
    await page.close();
  }
} finally {
  await browser.close();
  await service.stop();
}
