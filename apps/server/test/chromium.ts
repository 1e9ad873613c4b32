import { statSync } from "node:fs";
import { type Browser, type Page, chromium } from "playwright-core";

// Debian's Chromium (scripts/chromium/install), headless, for the pages the server serves.
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  try {
    statSync(CHROMIUM);
  } catch {
    throw new Error(`no Chromium at ${CHROMIUM}: run scripts/chromium/install (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root (CI) Chromium needs --no-sandbox; the rest keeps it off the (closed) network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** What a page asked for and what went wrong in it (uncaught errors and console errors). */
export function watchPage(page: Page) {
  const requested: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return {
    requested,
    errors,
    /** Requests to anywhere but `origin` (blob: and data: URLs are the page's own). */
    foreign: (origin: string) =>
      requested.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:")),
  };
}
