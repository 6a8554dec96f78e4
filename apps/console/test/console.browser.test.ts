import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { doctorCheckOrder } from "@wtclient/doctor";
import { demoKey } from "@wtclient/lnd-sim";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFRESH_SECONDS } from "../src/use-snapshot.js";
import { startConsoleStack, type ConsoleStack } from "./console-stack.js";
import { chromiumMissing, launchChromium } from "./launch-chromium.js";

const missing = chromiumMissing();
if (missing !== undefined) console.warn(`console browser tests skipped: ${missing}`);

// axe-core from node_modules, evaluated in the page through the DevTools protocol (never a CDN)
const axeSource = createRequire(import.meta.url)("axe-core").source as string;

const alpha = demoKey("tower/alpha");
const beta = demoKey("tower/beta");
const exhaustedSession = demoKey("session/alpha/anchor-exhausted");
const betaTaproot = demoKey("session/beta/taproot");
const betaLegacy = demoKey("session/beta/legacy-terminated");
const newTower = demoKey("console-test/new-tower");

describe.skipIf(missing !== undefined)("the web console in Chromium, against wtclient-http in front of lnd-sim", () => {
  let stack: ConsoleStack;
  let browser: Browser;
  /** Every URL any page asked for, with the origin of the service it was opened on; and every console error (a CSP violation would be one). */
  const requested: { url: string; origin: string }[] = [];
  const consoleErrors: string[] = [];

  async function newPage(width = 1280, service = stack.url): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    context.on("request", (r) => requested.push({ url: r.url(), origin: new URL(service).origin }));
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    return { context, page };
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(`${stack.url}/`);
    await page.getByLabel("Bearer token", { exact: true }).fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("[data-tower]").first().waitFor();
  }

  const tower = (page: Page, key: string) => page.locator(`[data-tower="${key}"]`);
  const health = (page: Page) => page.locator("[data-health]");
  const doctorCheck = (page: Page, id: string) => health(page).locator(`[data-check="${id}"]`);
  // the doctor's own order (core's doctor-check.ts), as `wtclient doctor` prints it
  const checkIds = doctorCheckOrder;
  const dialog = (page: Page) => page.getByRole("dialog");

  /** Axe's serious and critical findings on the page as it is now, as "rule: target" lines. */
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.evaluate(axeSource);
    type AxeResult = {
      passes: unknown[];
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
    };
    const { passed, violations } = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run();
      return {
        passed: result.passes.length,
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          targets: v.nodes.map((n) => JSON.stringify(n.target)),
        })),
      };
    });
    // axe really looked at the page: dozens of its rules apply to a page like this one
    expect(passed).toBeGreaterThan(10);
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.targets.map((t) => `${v.id}: ${t}`));
  }

  beforeAll(async () => {
    stack = await startConsoleStack({ httpArgs: ["--passthrough-macaroon"] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.[Symbol.asyncDispose]();
  });

  it("serves the page with a strict Content-Security-Policy and nothing inline", async () => {
    const res = await fetch(`${stack.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe");
    const html = await res.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    // no inline script: every <script> has a src
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
  });

  it("signs in with a write token and shows the double's towers and the overview", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await signIn(page, stack.writer.token);
    await expect(page.locator("[data-tower]").count()).resolves.toBe(3);
    await tower(page, alpha).getByText("active candidate").waitFor();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await expect(page.getByRole("row", { name: /Anchor 1,024 10 sat\/vB/ }).count()).resolves.toBe(1);
    await page.getByText(`operator ·`).waitFor();
    // the figure for the report: a reload with the token already in sessionStorage, until the towers are on screen
    await page.reload();
    await page.locator("[data-tower]").first().waitFor();
    const [paint, data] = await page.evaluate(() => [
      performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
      performance.getEntriesByName("wtclient-console:data")[0]?.startTime,
    ]);
    console.log(
      `console: first paint ${Math.round(paint ?? Number.NaN)} ms, towers and stats on screen ${Math.round(data ?? Number.NaN)} ms after navigation`,
    );
    await context.close();
  });

  it("shows the doctor's checks in a Health panel, every one ok against a double with nothing to report", async () => {
    // one active tower, one session with room left, nothing pending: the doctor has no warning to give
    await using clean = await startConsoleStack({
      towers: [
        {
          pubkey: demoKey("console-test/healthy-tower"),
          addresses: ["203.0.113.20:9911"],
          sessions: [{ id: demoKey("console-test/healthy-session"), client: "anchor", numBackups: 3 }],
        },
      ],
    });
    const { context, page } = await newPage(1280, clean.url);
    await page.goto(`${clean.url}/`);
    await page.getByLabel("Bearer token", { exact: true }).fill(clean.writer.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await health(page).getByRole("heading", { name: "Health" }).waitFor();
    await health(page).getByRole("status").getByText("Healthy", { exact: true }).waitFor();
    const lines = health(page).getByRole("list", { name: "Checks" }).getByRole("listitem");
    await expect(lines.count()).resolves.toBe(checkIds.length);
    expect(await lines.evaluateAll((li) => li.map((l) => l.getAttribute("data-check")))).toEqual(checkIds);
    // the verdict is a word on each line, not only a colour
    expect(await lines.evaluateAll((li) => li.map((l) => l.querySelector(".verdict-badge")?.textContent))).toEqual(
      checkIds.map(() => "ok"),
    );
    await doctorCheck(page, "client-active").getByText("client active: the watchtower client is active").waitFor();
    await doctorCheck(page, "lnd").getByText(clean.lnd.rpcAddress).waitFor();
    // nothing to do: no hint anywhere
    await expect(health(page).getByText("What to do:").count()).resolves.toBe(0);

    // the service goes away: the panel says the request failed, and keeps the last diagnosis, marked as such
    await clean.http.stop();
    await health(page).getByRole("button", { name: "Run checks now" }).click();
    const problem = health(page).locator('[data-problem="service-unreachable"]');
    await problem.waitFor();
    await expect(problem.textContent()).resolves.toContain(
      "The checks could not be run: wtclient-http does not answer",
    );
    await health(page).getByText("The checks below are from the last successful run.").waitFor();
    await expect(health(page).locator("[data-check]").count()).resolves.toBe(checkIds.length);
    await context.close();
  });

  it("gives a read token the Health panel; an inactive watchtower client fails its check with the doctor's hint, until the next refresh finds it back", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.reader.token);
    await page.getByText("read access", { exact: true }).waitFor();
    // the demo double has two updates not yet acked by its tower: a warning, with what to do
    await doctorCheck(page, "pending-backups").and(page.locator('[data-verdict="warn"]')).waitFor();
    await expect(doctorCheck(page, "pending-backups").textContent()).resolves.toContain(
      "What to do: normal for a moment after a payment",
    );
    await health(page).getByRole("status").getByText("Healthy, with 1 warning").waitFor();

    await stack.faults({ active: false });
    try {
      await health(page).getByRole("button", { name: "Run checks now" }).click();
      const client = doctorCheck(page, "client-active");
      await client.and(page.locator('[data-verdict="fail"]')).waitFor();
      const text = await client.textContent();
      expect(text).toContain("watchtower client not active");
      expect(text).toContain("What to do: start lnd with wtclient.active=1");
      await health(page).getByRole("status").getByText("Unhealthy: 1 check failed (client active)").waitFor();
      // the checks after it are not run, and say so
      await doctorCheck(page, "towers").and(page.locator('[data-verdict="skip"]')).waitFor();
    } finally {
      await stack.faults({ active: true });
    }
    // no click: the panel refreshes with the overview (every 10 s)
    await doctorCheck(page, "client-active").and(page.locator('[data-verdict="ok"]')).waitFor({ timeout: 60_000 });
    await context.close();
  });

  it("runs the checks with the overview's refresh and not while it is paused", async () => {
    const { context, page } = await newPage();
    // the page's timers on a clock the test moves: no waiting for real intervals
    await page.clock.install();
    const asked: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/v1/doctor") asked.push(r.url());
    });
    /** "Run checks now", until its answer is here: every request the page made before it has been seen too. */
    const runNow = async () => {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/doctor");
      await health(page).getByRole("button", { name: "Run checks now" }).click();
      await answered;
    };
    await signIn(page, stack.writer.token);
    await doctorCheck(page, "client-active").waitFor();
    await runNow();
    const before = asked.length;
    await page.clock.runFor(REFRESH_SECONDS * 1000 + 500);
    await expect.poll(() => asked.length, { timeout: 10_000 }).toBeGreaterThan(before);

    await page.getByRole("button", { name: "Pause refresh" }).click();
    await page.getByRole("button", { name: "Resume refresh" }).waitFor();
    await runNow();
    const paused = asked.length;
    await page.clock.runFor(3 * REFRESH_SECONDS * 1000);
    await runNow();
    // only the click asked while paused
    expect(asked.length).toBe(paused + 1);
    await context.close();
  });

  it("is keyboard operable: Tab reaches a tower's sessions, Enter expands them, Escape cancels a confirmation", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    // the expand button (its name changes to "Hide sessions" once open)
    const target = tower(page, alpha).locator("button[aria-controls]");
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await target.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await tower(page, alpha).locator("[data-session]").first().waitFor();
    await expect(target.getAttribute("aria-expanded")).resolves.toBe("true");
    await tower(page, alpha)
      .getByRole("button", { name: /^Terminate session/ })
      .first()
      .focus();
    await page.keyboard.press("Enter");
    await dialog(page).waitFor();
    // Cancel has the focus first: a stray Enter never confirms
    await expect(
      dialog(page)
        .getByRole("button", { name: "Cancel" })
        .evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "detached" });
    await expect(page.locator("tr.terminated").count()).resolves.toBe(0);
    await context.close();
  });

  it("expands a tower into sessions per policy type, marks the exhausted one as lnd does, and hides it on request", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    await tower(page, alpha)
      .getByRole("button", { name: /Show sessions/ })
      .click();
    for (const heading of ["Legacy: 1 session", "Anchor: 2 sessions", "Taproot: 1 session"]) {
      await tower(page, alpha).getByRole("heading", { name: heading }).waitFor();
    }
    const row = page.locator(`[data-session="${exhaustedSession}"]`);
    await row.getByText("exhausted").waitFor();
    await row.getByText("1,024 / 1,024").waitFor();
    await expect(row.locator("meter").getAttribute("value")).resolves.toBe("1024");
    await expect(page.locator("[data-session] >> text=exhausted").count()).resolves.toBe(1);
    await page.getByLabel("Hide exhausted sessions").check();
    await row.waitFor({ state: "detached" });
    await tower(page, alpha).getByRole("heading", { name: "Anchor: 1 session" }).waitFor();
    await context.close();
  });

  it("adds a tower: the key is checked as it is typed, the confirmation names the call, the tower appears", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    const input = page.getByLabel("Add a tower");
    const submit = page.getByRole("button", { name: "Add tower…" });
    await input.fill("02abc@192.0.2.77:9911");
    await page.getByText("invalid public key: encoding/hex: odd length hex string").waitFor();
    await expect(input.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(submit.isDisabled()).resolves.toBe(true);
    await input.fill(`02${"0".repeat(63)}5@192.0.2.77:9911`);
    await page.getByText(/is not on the secp256k1 curve/).waitFor();
    await input.fill(`${newTower}@192.0.2.77:9911`);
    await page.getByText("The key is a valid secp256k1 point.").waitFor();
    await submit.click();
    await expect(dialog(page).textContent()).resolves.toContain(`AddTower ${newTower}@192.0.2.77:9911`);
    await dialog(page).getByRole("button", { name: "Add tower" }).click();
    await page.locator('[data-outcome="ok"]').waitFor();
    await tower(page, newTower).waitFor();
    await tower(page, newTower).getByText("192.0.2.77:9911").waitFor();
    await context.close();
  });

  it("deactivates a tower after a confirmation that names it, and shows lnd's answer", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    await tower(page, alpha).getByRole("button", { name: "Deactivate" }).click();
    await expect(dialog(page).textContent()).resolves.toContain(alpha);
    await dialog(page).getByRole("button", { name: "Deactivate" }).click();
    await page.locator('[data-outcome="ok"]').waitFor();
    await expect(page.locator('[data-outcome="ok"]').textContent()).resolves.toContain(
      `Successful deactivation of tower: ${alpha}`,
    );
    await tower(page, alpha).getByText("inactive").waitFor();
    await context.close();
  });

  it("terminates a session and marks it terminated (from the service's audit log), also after a reload", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    await tower(page, beta)
      .getByRole("button", { name: /Show sessions/ })
      .click();
    const row = page.locator(`[data-session="${betaTaproot}"]`);
    await row.getByRole("button", { name: /^Terminate/ }).click();
    const text = await dialog(page).textContent();
    expect(text).toContain(betaTaproot);
    expect(text).toContain("cannot be undone");
    await dialog(page).getByRole("button", { name: "Terminate session" }).click();
    await page.locator('[data-outcome="ok"]').waitFor();
    await expect(page.locator('[data-outcome="ok"]').textContent()).resolves.toContain(betaTaproot);
    await row.getByText(/^terminated/).waitFor();
    // lnd's own already-terminal session is not marked: only the service's audit log knows what it terminated
    await expect(
      page
        .locator(`[data-session="${betaLegacy}"]`)
        .getByText(/^terminated/)
        .count(),
    ).resolves.toBe(0);
    const audit = await fetch(`${stack.url}/v1/audit/terminated`, {
      headers: { authorization: `Bearer ${stack.reader.token}` },
    });
    expect(await audit.json()).toMatchObject({ sessions: [{ session_id: betaTaproot, caller: "operator" }] });
    await page.reload();
    await tower(page, beta)
      .getByRole("button", { name: /Show sessions/ })
      .click();
    await page
      .locator(`[data-session="${betaTaproot}"]`)
      .getByText(/^terminated/)
      .waitFor();
    await context.close();
  });

  it("removes one address of a tower, then a whole tower", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    await tower(page, beta).getByRole("button", { name: "Remove…" }).click();
    await dialog(page).getByLabel("only the address 198.51.100.7:9911").check();
    await expect(dialog(page).textContent()).resolves.toContain(
      `lnd forgets the address 198.51.100.7:9911 of tower ${beta}`,
    );
    await dialog(page).getByRole("button", { name: "Remove address" }).click();
    await page.locator('[data-outcome="ok"]').waitFor();
    await tower(page, beta).getByText("198.51.100.7:9911").waitFor({ state: "detached" });
    await tower(page, beta).getByText("[2001:db8::7]:9911").waitFor();

    await tower(page, newTower).getByRole("button", { name: "Remove…" }).click();
    await expect(dialog(page).textContent()).resolves.toContain("deletes it (it has no sessions)");
    await dialog(page).getByRole("button", { name: "Remove tower" }).click();
    await tower(page, newTower).waitFor({ state: "detached" });
    await context.close();
  });

  it("shows lnd's error with the library's hint when a write fails", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    await stack.faults({ unackedSessions: [demoKey("session/alpha/legacy")] });
    try {
      await tower(page, alpha)
        .getByRole("button", { name: /Show sessions/ })
        .click();
      await page
        .locator(`[data-session="${demoKey("session/alpha/legacy")}"]`)
        .getByRole("button", { name: /^Terminate/ })
        .click();
      await dialog(page).getByRole("button", { name: "Terminate session" }).click();
      const error = page.locator('[data-outcome="error"]');
      await error.waitFor();
      const text = await error.textContent();
      expect(text).toContain("session has un-acked updates");
      expect(text).toContain("re-add its tower so they are delivered");
    } finally {
      await stack.faults({ unackedSessions: [] });
    }
    await context.close();
  });

  it("gives a read token everything to see and no write controls", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.reader.token);
    await page.getByText("read access", { exact: true }).waitFor();
    await tower(page, alpha)
      .getByRole("button", { name: /Show sessions/ })
      .click();
    await page.locator("[data-session]").first().waitFor();
    await page.locator("[data-read-only]").waitFor();
    await expect(
      page.getByRole("button", { name: /^(Deactivate|Reactivate|Remove|Terminate|Add tower)/ }).count(),
    ).resolves.toBe(0);
    await expect(page.getByLabel("Add a tower").count()).resolves.toBe(0);
    await context.close();
  });

  it("signs in with a macaroon passed through to lnd, and shows lnd's permission denied for a read-only one", async () => {
    const { context, page } = await newPage();
    const readonly = (
      await readFile(path.join(path.dirname(stack.lnd.adminMacaroonPath), "readonly.macaroon"))
    ).toString("hex");
    await page.goto(`${stack.url}/`);
    await page.getByLabel("an lnd macaroon (hex)").check();
    await page.getByLabel("Macaroon (hex)", { exact: true }).fill(readonly);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("[data-tower]").first().waitFor();
    // the service cannot know what a macaroon may do: lnd decides, so the write controls are there
    await page.getByText("lnd decides", { exact: true }).waitFor();
    await tower(page, beta)
      .getByRole("button", { name: /Show sessions/ })
      .click();
    await page
      .locator(`[data-session="${betaLegacy}"]`)
      .getByRole("button", { name: /^Terminate/ })
      .click();
    await dialog(page).getByRole("button", { name: "Terminate session" }).click();
    const error = page.locator('[data-outcome="error"]');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain("Permission denied");
    await expect(error.textContent()).resolves.toContain("permission denied");
    await context.close();
  });

  it("refuses a wrong token, and sends a token the service no longer accepts back to sign in", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.url}/`);
    await page.getByLabel("Bearer token", { exact: true }).fill("not-a-token-of-this-service");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("Sign-in refused").waitFor();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("unknown bearer token");
    await expect(page.locator("[data-tower]").count()).resolves.toBe(0);

    await signIn(page, stack.writer.token);
    // the token expires or is revoked: the page's next request is refused
    await page.evaluate(() =>
      sessionStorage.setItem("wtclient-console.credential", JSON.stringify({ kind: "token", value: "revoked-token" })),
    );
    await page.reload();
    await page.getByRole("alert").getByText("Your sign-in is no longer accepted").waitFor();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await context.close();
  });

  it("says lnd is unreachable while it is away, recovers when it is back, and explains an inactive watchtower client", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.writer.token);
    await page.getByRole("button", { name: "Pause refresh" }).click();
    await expect(page.getByRole("button", { name: "Resume refresh" }).getAttribute("aria-pressed")).resolves.toBe(
      "true",
    );
    const refresh = page.getByRole("button", { name: "Refresh now" });

    await stack.faults({ refuseConnections: true });
    await refresh.click();
    const away = page.locator('[data-problem="unreachable"]');
    await away.waitFor();
    await expect(away.textContent()).resolves.toContain("lnd is unreachable");
    await expect(away.textContent()).resolves.toContain("last successful refresh");
    await expect(page.locator("[data-tower]").count()).resolves.toBe(3);

    await stack.faults({ refuseConnections: false });
    await refresh.click();
    await away.waitFor({ state: "detached" });

    await stack.faults({ active: false });
    try {
      await refresh.click();
      const inactive = page.locator('[data-problem="not-active"]');
      await inactive.waitFor();
      await expect(inactive.textContent()).resolves.toContain("watchtower client not active");
      await expect(inactive.textContent()).resolves.toContain("wtclient.active=1");
    } finally {
      await stack.faults({ active: true });
    }
    await refresh.click();
    await page.locator("[data-problem]").waitFor({ state: "detached" });
    await context.close();
  });

  it("shows how to add a tower when lnd has none", async () => {
    await using empty = await startConsoleStack({ towers: [] });
    const { context, page } = await newPage(390, empty.url);
    await page.goto(`${empty.url}/`);
    await page.getByLabel("Bearer token", { exact: true }).fill(empty.writer.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("No towers yet.").waitFor();
    await page.getByText("Add one above with its key and address").waitFor();
    await page.getByLabel("Add a tower").waitFor();
    await context.close();
  });

  it("reads well at 390 px: no sideways scrolling", async () => {
    const { context, page } = await newPage(390);
    await signIn(page, stack.writer.token);
    for (const key of [alpha, beta])
      await tower(page, key)
        .getByRole("button", { name: /Show sessions/ })
        .click();
    await page.locator("[data-session]").first().waitFor();
    // the Health panel's long lines (paths, addresses, hints) wrap too
    await page.locator("[data-health] [data-check]").first().waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await context.close();
  });

  it("has no serious or critical accessibility violations (axe-core) at 1280 and 390 px", async () => {
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const { context, page } = await newPage(width);
      await page.goto(`${stack.url}/`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      found.push(...(await seriousViolations(page)).map((v) => `${width}px sign-in ${v}`));
      await signIn(page, stack.writer.token);
      for (const key of [alpha, beta])
        await tower(page, key)
          .getByRole("button", { name: /Show sessions/ })
          .click();
      await page.locator("[data-session]").first().waitFor();
      await page.locator("[data-health] [data-check]").first().waitFor();
      found.push(...(await seriousViolations(page)).map((v) => `${width}px dashboard ${v}`));
      await tower(page, beta).getByRole("button", { name: "Remove…" }).click();
      await dialog(page).waitFor();
      found.push(...(await seriousViolations(page)).map((v) => `${width}px dialog ${v}`));
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it("made every request to the service's own origin, and broke no rule of its CSP", () => {
    expect(requested.length).toBeGreaterThan(50);
    expect(requested.filter((r) => new URL(r.url).origin !== r.origin).map((r) => r.url)).toEqual([]);
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
  });

  // against a real lnd: real-lnd.browser.test.ts
});
