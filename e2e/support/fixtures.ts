// The `test` every spec uses: Playwright's, plus
//  - consoleGuard (automatic): fails the test if any watched page logs console.error or throws
//    an uncaught exception, unless the test allowed that message with consoleGuard.allow(re);
//  - newContext(): an extra, isolated browser context (another user / another device) whose
//    pages are watched the same way and which is closed at the end.
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";

export interface ConsoleGuard {
  /** Expected errors (e.g. a deliberate 401 fetch) matching `re` are not reported. */
  allow(re: RegExp): void;
  watch(page: Page): void;
  readonly errors: readonly string[];
}

type Fixtures = { consoleGuard: ConsoleGuard; newContext: (opts?: BrowserContextOptions) => Promise<BrowserContext> };

export const test = base.extend<Fixtures>({
  consoleGuard: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      const watched = new WeakSet<Page>();
      const watch = (page: Page) => {
        if (watched.has(page)) return;
        watched.add(page);
        page.on("console", (msg) => {
          if (msg.type() !== "error") return;
          const source = msg.location().url;
          errors.push(`console.error on ${page.url()}: ${msg.text()}${source ? ` (${source})` : ""}`);
        });
        page.on("pageerror", (err) => errors.push(`uncaught exception on ${page.url()}: ${err.message}`));
      };
      context.on("page", watch);
      context.pages().forEach(watch);
      await use({ allow: (re) => void allowed.push(re), watch, errors });
      const unexpected = errors.filter((e) => !allowed.some((re) => re.test(e)));
      expect(unexpected, "unexpected console errors / page exceptions").toEqual([]);
    },
    { auto: true },
  ],

  newContext: async ({ browser, consoleGuard }, use) => {
    const made: BrowserContext[] = [];
    await use(async (opts = {}) => {
      const ctx = await browser.newContext({ baseURL: E2E_BASE_URL, ...opts });
      ctx.on("page", (p) => consoleGuard.watch(p));
      made.push(ctx);
      return ctx;
    });
    for (const ctx of made) await ctx.close();
  },
});

export { expect };
