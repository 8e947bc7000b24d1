// Shared helpers for the checks: one way to start Chromium, one way to open a page.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A new page that records console errors, failed requests and every response. */
export async function openPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  const responses = [];
  page.on("console", (message) => {
    // Failed loads are reported by URL below, where the browser's own favicon probe can be told apart.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("response", async (response) => {
    const entry = { url: response.url(), status: response.status(), bytes: 0 };
    responses.push(entry);
    if (response.status() >= 400 && new URL(response.url()).pathname !== "/favicon.ico") {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
    try {
      entry.bytes = (await response.body()).length;
    } catch {
      // Redirects have no body.
    }
  });
  return { page, problems, responses };
}
