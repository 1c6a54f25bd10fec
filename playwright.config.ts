// End-to-end tests against the PRODUCTION build served by server.ts (the custom server that
// derives the client address from the socket).
//
// This config does NOT build the app: run `npx tsx scripts/db/generate.ts && npx next build`
// first (the e2e test script builds, then runs `npx playwright test`). The webServer only
// starts the existing build, on port 3100 with a fresh SQLite file and e2e-only secrets
// (e2e/support/env.ts, shared with the fixtures so the operator CLI hits the same database).
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/support/env";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  outputDir: "test-results/artifacts",
  use: {
    ...devices["Desktop Chrome"],
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "npx tsx e2e/support/start-server.ts",
    url: `${E2E_BASE_URL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
