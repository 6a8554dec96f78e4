import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium (installed by .ci/run with apt); never a browser downloaded by playwright. */
export const chromiumPath = process.env.WTCLIENT_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `no Chromium at ${chromiumPath} (apt-get install chromium, or set WTCLIENT_CHROMIUM)`;
}

/** Headless Chromium with a fresh profile (playwright makes a temporary --user-data-dir), nothing phoning home. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      // root in a container has no user namespace for the sandbox (notes P20)
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-gpu",
      "--disable-quic",
      "--disable-dev-shm-usage",
    ],
  });
}
