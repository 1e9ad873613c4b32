import { mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium, watchPage } from "./chromium.js";
import { type Harness, TENANTS, startHarness } from "./harness.js";

// The API reference page in a real headless Chromium: it renders the operations from local assets
// only, and a screenshot is saved for people to look at.
const screenshot = fileURLToPath(new URL("../test-results/docs.png", import.meta.url));
let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness({ auth: { required: true, secrets: TENANTS } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it(
  "GET /docs renders the API reference in headless Chromium, without a token, from this server's assets only",
  { timeout: 60_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { requested, errors, foreign } = watchPage(page);

    const response = await page.goto(`${h.baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
    await page.getByText("Transfer an ongoing SIP call", { exact: false }).first().waitFor({ timeout: 30_000 });
    // The transfer operation is rendered: its heading, then shown by its link (the screenshot).
    const operation = page.locator("h2", { hasText: "Transfer a SIP call to another number" }).first();
    await operation.waitFor({ timeout: 30_000 });
    await page.goto(`${h.baseUrl}/docs#tag/sip/operation/transferSipParticipant`);
    await operation.waitFor({ state: "visible", timeout: 30_000 });
    const text = await page.locator("body").innerText();
    expect(text).toContain("/sip/transfer");
    expect(text).toContain("TRANSFER_FAILED");
    expect(text).toMatch(/transfer\.completed/);

    mkdirSync(fileURLToPath(new URL("../test-results/", import.meta.url)), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: false });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);

    expect(foreign(h.baseUrl)).toEqual([]);
    expect(requested).toContain(`${h.baseUrl}/docs/redoc.standalone.js`);
    expect(requested).toContain(`${h.baseUrl}/openapi.json`);
    expect(errors).toEqual([]);
    console.log(`docs screenshot: ${screenshot}`);
  },
);

it("serves Redoc's script gzipped to clients that take it, plain to the others", async () => {
  const { gunzipSync } = await import("node:zlib");
  const { request } = await import("node:http");
  const get = (encoding: string) =>
    new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(`${h.baseUrl}/docs/redoc.standalone.js`, { headers: { "accept-encoding": encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });
  const [zipped, plain] = [await get("gzip, br"), await get("identity")];
  expect(zipped.headers["content-encoding"]).toBe("gzip");
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
  expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
});

it("serves only the page's own files: anything else under /docs is not found (or, without a token, refused)", async () => {
  const token = { authorization: `Bearer ${TENANTS[0]!.secret}` };
  for (const path of [
    "/docs/nope.js",
    "/docs/..%2F..%2Fpackage.json",
    "/docs/%2E%2E%2Fopenapi.yaml",
    "/docs/redoc.standalone.js.LICENSE.txt",
  ]) {
    const response = await h.request(path, { headers: token });
    expect(response.status, path).toBe(404);
    expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
    expect((await h.request(path)).status, path).toBe(401);
  }
  // A name longer than any file's (64) is an invalid path parameter, documented as such.
  const long = await h.request(`/docs/${"a".repeat(65)}.js`, { headers: token });
  expect(long.status).toBe(400);
  expect(await long.json()).toMatchObject({ code: "INVALID_REQUEST" });
  expect(h.violations).toEqual([]);
});
