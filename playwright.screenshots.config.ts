// `npm run screenshots`: captures the README's screenshots from the built app (run `npm run build` first).
import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

export default defineConfig({
  ...base,
  testDir: "scripts/screenshots",
  reporter: [["list"]],
  use: { ...base.use, viewport: { width: 1100, height: 760 } },
});
