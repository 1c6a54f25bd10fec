// Not a test: drives the real app to the README's main pages and saves screenshots.
import path from "node:path";
import { test } from "@playwright/test";
import { createUserViaCli } from "../../e2e/support/users";
import { freshCode } from "../../e2e/support/totp";
import { passwordStep, signInViaUi, signUpViaUi } from "../../e2e/support/ui";
import { REPO_ROOT } from "../../e2e/support/env";
import { apiMeWithToken } from "../../e2e/support/http";

const OUT = path.join(REPO_ROOT, "docs", "screenshots");
const shot = (name: string) => ({ path: path.join(OUT, `${name}.png`), fullPage: true });
const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

test("capture", async ({ browser }) => {
  test.setTimeout(180_000);
  const user = createUserViaCli({ email: "alex@example.com" });
  const phone = await (await browser.newContext({ userAgent: SAFARI_IPHONE })).newPage();
  await signInViaUi(phone, user);

  const ctx = await browser.newContext({ userAgent: FIREFOX_LINUX, viewport: { width: 1100, height: 760 } });
  const page = await ctx.newPage();
  await page.goto("/sign-in");
  await page.screenshot(shot("sign-in"));
  await passwordStep(page, user.email, user.password);
  await page.screenshot(shot("sign-in-mfa"));
  const { code } = await freshCode(user);
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await page.waitForURL(/\/account$/);
  await page.screenshot(shot("account"));
  await page.goto("/account/devices");
  await page.screenshot(shot("devices"));
  await page.goto("/account/activity");
  await page.screenshot(shot("activity"));

  // A replay of the phone's cookie from another address and client gets flagged for the admin queue.
  const phoneToken = (await phone.context().cookies()).find((c) => c.name === "__Host-sg_session")?.value ?? "";
  await apiMeWithToken(phoneToken, { localAddress: "127.0.0.2", headers: { "user-agent": "python-requests/2.32" } });
  const admin = createUserViaCli({ email: "admin@example.com", admin: true });
  const adminPage = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  await signInViaUi(adminPage, admin);
  await adminPage.goto("/admin/flags");
  await adminPage.screenshot(shot("admin-flags"));
  await adminPage.locator("a[href^='/admin/sessions/']").first().click();
  await adminPage.waitForURL(/\/admin\/sessions\//);
  await adminPage.screenshot(shot("admin-session"));

  const fresh = await (await browser.newContext()).newPage();
  // Sign-up, the mailed confirmation link, then the password step lead to the enrolment page.
  await signUpViaUi(fresh, "sam@example.com", "violet-harbour-lantern-42");
  await fresh.screenshot(shot("enroll"));
});
