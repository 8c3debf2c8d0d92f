import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against a running storefront (WEB_URL) and the live API behind it (API_URL), with
 * Debian's Chromium: no browser is downloaded.
 */
export default defineConfig({
  testDir: "e2e",
  // Inside test-results/ (CI keeps it on failure) but not test-results/ itself: Playwright empties its output
  // directory at the start, and scripts/e2e-stack.sh keeps the running API's log there (e2e/mobile.spec.ts
  // reads the texted codes from it).
  outputDir: "test-results/playwright",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.WEB_URL ?? "http://127.0.0.1:3000",
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    trace: "off",
  },
});
