import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { LIVEKIT_TRANSFER_ANSWERS } from "@sip-transfer/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, watchPage } from "./chromium.js";
import { type Harness, TENANTS, startHarness } from "./harness.js";

// The transfers console (GET /console) in a real headless Chromium against the real app and the
// LiveKit stand-in: signing in, one tenant's rows only, filters, a failed transfer's record, live
// updates, nothing from elsewhere, axe-core's accessibility rules, and a screenshot.
const results = fileURLToPath(new URL("../test-results/", import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const [tenantA, tenantB] = [TENANTS[0]!, TENANTS[1]!];
const WAIT = { timeout: 10_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

function addRoom(h: Harness, name: string, tenant: string | undefined, identities: string[]) {
  h.standIn.addRoom({
    name,
    metadata: tenant ? JSON.stringify({ auth_id: tenant }) : "",
    participants: identities.map((identity) => ({
      identity,
      kind: "SIP" as const,
      attributes: { "sip.callStatus": "active" },
    })),
  });
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const rowOf = (page: Page, text: string) => page.locator("#rows tr", { hasText: text });

describe("the transfers console, with tenants", () => {
  let h: Harness;
  let completedId: string;
  let failedId: string;

  beforeAll(async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, transferWaitMs: 0 });
    addRoom(h, "call-room-123", tenantA.id, ["sip_caller_1", "sip_caller_3", "<b>not bold</b>"]);
    addRoom(h, "support-room", tenantA.id, ["sip_caller_2"]);
    addRoom(h, "room-of-b", tenantB.id, ["sip_caller_b"]);
    const a = h.client(tenantA.secret);
    const first = await a.transfer({
      room_name: "call-room-123",
      participant_identity: "sip_caller_1",
      transfer_to: "+15551234567",
    });
    completedId = (await a.waitForTransfer(first.transfer_id, { timeoutMs: 5000 })).transfer_id;
    h.standIn.behave("TransferSIPParticipant", { fail: LIVEKIT_TRANSFER_ANSWERS.busy });
    const second = await a.transfer({
      room_name: "support-room",
      participant_identity: "sip_caller_2",
      transfer_to: "+15557654321",
    });
    failedId = (await a.waitForTransfer(second.transfer_id, { timeoutMs: 5000 })).transfer_id;
    h.standIn.behave("TransferSIPParticipant", {});
    await a.transfer({
      room_name: "call-room-123",
      participant_identity: "<b>not bold</b>",
      transfer_to: "+15550001111",
    });
    const b = h.client(tenantB.secret);
    await b.transfer({ room_name: "room-of-b", participant_identity: "sip_caller_b", transfer_to: "+15559990000" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "signs in with the tenant's key, shows its transfers only, filters, opens a failed one, follows a new one live",
    {
      timeout: 60_000,
    },
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const watched = watchPage(page);

      const response = await page.goto(`${h.baseUrl}/console`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
      // The page holds no data: only the sign-in form until a key is given.
      await page.getByLabel("API key").waitFor(WAIT);
      await expect(page.locator("#transfers").isVisible()).resolves.toBe(false);

      // A wrong key: a clear message, nothing shown, nothing kept.
      await page.getByLabel("API key").fill("not-a-key-of-anyone-0000");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "not accepted" }).waitFor(WAIT);
      expect(await page.locator("#rows tr").count()).toBe(0);
      await expect(page.locator("#transfers").isVisible()).resolves.toBe(false);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      // The right key: tenant-a's three transfers, newest first; tenant-b's never.
      await page.getByLabel("API key").fill(tenantA.secret);
      await page.getByRole("button", { name: "Sign in" }).click();
      await rowOf(page, completedId).waitFor(WAIT);
      await expect(page.locator("#rows tr").count()).resolves.toBe(3);
      const body = await page.locator("body").innerText();
      expect(body).not.toContain("room-of-b");
      expect(body).not.toContain("sip_caller_b");
      // A participant named like markup is shown as text.
      expect(body).toContain("<b>not bold</b>");
      expect(await page.locator("#rows b").count()).toBe(0);
      const ids = await page.locator("#rows tr td:first-child").allInnerTexts();
      expect(ids[2]).toBe(completedId); // the oldest last
      await expect(rowOf(page, completedId).innerText()).resolves.toMatch(
        /completed[\s\S]*call-room-123[\s\S]*tel:\+15551234567/,
      );
      await expect(rowOf(page, failedId).innerText()).resolves.toContain("486 Busy Here");
      // The key is in this tab's sessionStorage, nowhere else.
      expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([tenantA.secret]);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      expect(await context.cookies()).toEqual([]);

      // Filters: the list API's own.
      await page.getByLabel("Status").selectOption("failed");
      await page.waitForFunction(() => document.querySelectorAll("#rows tr").length === 1, undefined, WAIT);
      await expect(page.locator("#rows").innerText()).resolves.toContain(failedId);
      await page.getByLabel("Status").selectOption("");
      await page.getByLabel("Room").fill("support-room");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForFunction(() => document.querySelectorAll("#rows tr").length === 1, undefined, WAIT);
      await expect(page.locator("#rows").innerText()).resolves.toContain("sip_caller_2");
      await page.getByLabel("Room").fill("");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForFunction(() => document.querySelectorAll("#rows tr").length === 3, undefined, WAIT);

      // The failed transfer's record, opened from the keyboard.
      await page.getByRole("button", { name: `Open transfer ${failedId}` }).focus();
      await page.keyboard.press("Enter");
      const record = page.getByRole("dialog");
      await record.waitFor(WAIT);
      const shown = await record.innerText();
      expect(shown).toContain("TRANSFER_FAILED");
      expect(shown).toMatch(/SIP status\s+486/);
      expect(shown).toMatch(/SIP reason\s+Busy Here/);
      expect(shown).toMatch(/Ended\s+\S/);
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press("Escape");
      await record.waitFor({ state: "hidden", ...WAIT });

      // A new transfer appears, then turns completed, without a reload.
      // LiveKit takes 5 s: longer than two polls (2 s apart), so the row is seen running first.
      h.standIn.behave("TransferSIPParticipant", { latencyMs: 5000 });
      const started = await h.client(tenantA.secret).transfer({
        room_name: "call-room-123",
        participant_identity: "sip_caller_3",
        transfer_to: "+15552223333",
      });
      expect(started.status).toBe("initiated");
      const live = rowOf(page, started.transfer_id);
      await live.filter({ hasText: "initiated" }).waitFor(WAIT);
      await live.filter({ hasText: "completed" }).waitFor(WAIT);
      h.standIn.behave("TransferSIPParticipant", {});

      expect(await seriousViolations(page)).toEqual([]);
      mkdirSync(results, { recursive: true });
      await page.screenshot({ path: `${results}console.png` });
      expect(statSync(`${results}console.png`).size).toBeGreaterThan(10_000);

      expect(watched.foreign(h.baseUrl)).toEqual([]);
      // Chromium logs every refused fetch: the wrong key's, once. Opening the page asked nothing
      // without a key (a refused request would count as a failed authentication).
      expect(watched.errors).toEqual([expect.stringContaining("status of 401")]);
      await context.close();
    },
  );

  it("is usable at phone width: each transfer a card, nothing wider than the screen", { timeout: 30_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${h.baseUrl}/console`);
    await page.getByLabel("API key").fill(tenantA.secret);
    await page.getByRole("button", { name: "Sign in" }).click();
    await rowOf(page, completedId).waitFor(WAIT);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    // Each cell is a line of a card, labelled by its column.
    const status = rowOf(page, completedId).locator("td").nth(1);
    await expect(status.evaluate((td) => getComputedStyle(td).display)).resolves.toBe("grid");
    await expect(status.evaluate((td) => getComputedStyle(td, "::before").content)).resolves.toBe('"Status"');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${results}console-phone.png` });
    // Signing out forgets the key at once and shows nothing.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor(WAIT);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator("#rows tr").count()).toBe(0);
    await page.close();
  });

  it("pages with Load more (next_cursor), as many per page as ?limit= asks", { timeout: 30_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${h.baseUrl}/console?limit=2`);
    await page.getByLabel("API key").fill(tenantA.secret);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForFunction(() => document.querySelectorAll("#rows tr").length === 2, undefined, WAIT);
    const more = page.getByRole("button", { name: "Load more" });
    while (await more.isVisible()) {
      const before = await page.locator("#rows tr").count();
      await more.click();
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll("#rows tr").length > n || !document.getElementById("load-more")?.checkVisibility(),
        before,
        WAIT,
      );
    }
    const all = await h.client(tenantA.secret).listTransfers({ limit: 100 });
    const ids = await page.locator("#rows tr td:first-child").allInnerTexts();
    expect(ids).toEqual(all.transfers.map((t) => t.transfer_id));
    expect(ids.length).toBeGreaterThan(2);
    await page.close();
  });

  it("serves only its own files, without a token; the data needs the key", async () => {
    for (const path of ["/console", "/console/console.js", "/console/console.css"])
      expect((await h.request(path)).status, path).toBe(200);
    const token = { authorization: `Bearer ${tenantA.secret}` };
    for (const path of ["/console/nope.js", "/console/..%2Fpackage.json", "/console/index.html"]) {
      expect((await h.request(path, { headers: token })).status, path).toBe(404);
      expect((await h.request(path)).status, path).toBe(401);
    }
    expect((await h.request("/sip/transfers")).status).toBe(401);
    expect(h.violations).toEqual([]);
  });
});

describe("the transfers console, with tenants and anonymous callers alike (AUTH_REQUIRED=false)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ auth: { required: false, secrets: TENANTS } });
    addRoom(h, "open-room", undefined, ["sip_anonymous_1"]);
    addRoom(h, "call-room-123", tenantA.id, ["sip_caller_1"]);
    await h
      .client()
      .transfer({ room_name: "open-room", participant_identity: "sip_anonymous_1", transfer_to: "+15551234567" });
    await h
      .client(tenantA.secret)
      .transfer({ room_name: "call-room-123", participant_identity: "sip_caller_1", transfer_to: "+15551234567" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "offers both: continue without a key (anonymous transfers), or sign in with a tenant's key",
    { timeout: 30_000 },
    async () => {
      const page = await browser.newPage();
      const watched = watchPage(page);
      await page.goto(`${h.baseUrl}/console`);
      await page.getByRole("button", { name: "Continue without a key" }).click();
      await rowOf(page, "sip_anonymous_1").waitFor(WAIT);
      expect(await page.locator("#rows").innerText()).not.toContain("sip_caller_1");
      await page.getByRole("button", { name: "Sign in with a key" }).click();
      await page.getByLabel("API key").fill(tenantA.secret);
      await page.getByRole("button", { name: "Sign in" }).click();
      await rowOf(page, "sip_caller_1").waitFor(WAIT);
      expect(await page.locator("#rows").innerText()).not.toContain("sip_anonymous_1");
      expect(watched.errors).toEqual([]);
      await page.close();
    },
  );
});

describe("the transfers console, with authentication off", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ auth: { required: false, secrets: [] } });
    addRoom(h, "call-room-123", undefined, ["sip_participant_456"]);
    await h.client().transfer({
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "+15551234567",
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows the anonymous transfers without asking for a key", { timeout: 30_000 }, async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await page.goto(`${h.baseUrl}/console`);
    await rowOf(page, "sip_participant_456").waitFor(WAIT);
    await expect(page.getByLabel("API key").isVisible()).resolves.toBe(false);
    await expect(page.getByRole("button", { name: "Sign in with a key" }).isVisible()).resolves.toBe(false);
    await expect(page.locator("#who").innerText()).resolves.toContain("Authentication is off");
    expect(watched.errors).toEqual([]);
    await page.close();
  });
});
