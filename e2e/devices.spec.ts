// Manage devices with two real browser contexts ("devices") of one user, with different
// User-Agents (without the Chromium client hints that would contradict them: the sensitive policy
// behind the sign-out buttons weighs that): listing, remote sign-out, sign out everywhere, live list updates.
import { test, expect } from "./support/fixtures";
import { createUserViaCli } from "./support/users";
import { signInViaUi } from "./support/ui";
import { ageSessionMfa } from "./support/db";
import { freshCode } from "./support/totp";
import { spoofedBrowser } from "./support/http";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

test("device B appears in A's list; A signs B out; B's next navigation is on sign-in with the message", async ({ newContext }) => {
  const user = createUserViaCli({ tag: "devices" });
  const a = await (await newContext(spoofedBrowser(FIREFOX_LINUX))).newPage();
  const b = await (await newContext(spoofedBrowser(SAFARI_IPHONE))).newPage();
  await signInViaUi(a, user);
  await signInViaUi(b, user);

  await a.goto("/account/devices");
  const rows = a.getByTestId("device-row");
  await expect(rows).toHaveCount(2);
  const mine = rows.filter({ hasText: "This device" });
  await expect(mine.getByTestId("device-name")).toHaveText("Firefox 133 on Linux");
  const other = rows.filter({ hasNotText: "This device" });
  await expect(other.getByTestId("device-name")).toHaveText(/Mobile Safari 17 on iOS|Safari 17 on iOS/);
  await expect(other).toContainText("127.0.0.1");
  await expect(other).toContainText(/Last active/);

  // B works before A acts: the revocation below is what stops it.
  await b.goto("/account");
  await expect(b).toHaveURL(/\/account$/);

  const aUrlBefore = a.url();
  await a.evaluate(() => { (window as unknown as Record<string, unknown>).__noReload = true; });
  await other.getByRole("button", { name: "Sign out" }).click();
  await other.getByRole("button", { name: /^Sign out .*Safari/ }).click();
  // The list updates in place (server action + revalidation), without a full page load.
  await expect(rows).toHaveCount(1);
  expect(a.url()).toBe(aUrlBefore);
  expect(await a.evaluate(() => (window as unknown as Record<string, unknown>).__noReload)).toBe(true);
  await expect(a.getByTestId("ended-list")).toContainText("Signed out from another device");

  await b.goto("/account");
  await expect(b).toHaveURL(/\/sign-in\?reason=revoked_user$/);
  await expect(b.getByText("This session was signed out from another device.")).toBeVisible();
});

test("sign out everywhere ends both devices", async ({ newContext }) => {
  const user = createUserViaCli({ tag: "everywhere" });
  const a = await (await newContext(spoofedBrowser(FIREFOX_LINUX))).newPage();
  const b = await (await newContext(spoofedBrowser(SAFARI_IPHONE))).newPage();
  await signInViaUi(a, user);
  await signInViaUi(b, user);
  await a.goto("/account/devices");
  await a.getByRole("button", { name: "Sign out everywhere" }).click();
  await a.getByRole("button", { name: /Yes, sign out everywhere/ }).click();
  await expect(a).toHaveURL(/\/sign-in\?reason=signed_out$/);
  await b.goto("/account/devices");
  await expect(b).toHaveURL(/\/sign-in\?reason=/);
  await a.goto("/account");
  await expect(a).toHaveURL(/\/sign-in/);
});

test("HTML in a User-Agent is shown as text on the devices page", async ({ newContext, consoleGuard }) => {
  const user = createUserViaCli({ tag: "xss" });
  const evil = await (await newContext({ userAgent: "<img src=x onerror=alert(1)>" })).newPage();
  let dialogs = 0;
  evil.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  await signInViaUi(evil, user);
  await evil.goto("/account/devices");
  await expect(evil.getByTestId("device-row")).toHaveCount(1);
  await expect(evil.locator("img[src=x]")).toHaveCount(0);
  await evil.goto("/account/activity");
  await expect(evil.getByTestId("activity-rows")).toContainText("Signed in");
  await expect(evil.locator("img[src=x]")).toHaveCount(0);
  expect(dialogs).toBe(0);
  expect(consoleGuard.errors).toEqual([]);
});

test("a session whose last code is old must confirm a fresh code before signing out another device", async ({ newContext }) => {
  test.setTimeout(150_000); // three sign-in/step-up codes, each needing a fresh 30 s time-step
  const user = createUserViaCli({ tag: "stale" });
  const a = await (await newContext(spoofedBrowser(FIREFOX_LINUX))).newPage();
  const b = await (await newContext(spoofedBrowser(SAFARI_IPHONE))).newPage();
  await signInViaUi(a, user);
  await signInViaUi(b, user);
  const me = (await (await a.request.get("/api/me")).json()) as { sessionId: string };
  ageSessionMfa(me.sessionId, 10);

  await a.goto("/account/devices");
  const other = a.getByTestId("device-row").filter({ hasNotText: "This device" });
  await other.getByRole("button", { name: "Sign out" }).click();
  await other.getByRole("button", { name: /^Sign out .*Safari/ }).click();
  await expect(a.getByText("confirm with a fresh authentication code first")).toBeVisible();
  await expect(a.getByTestId("device-row")).toHaveCount(2); // nothing was ended

  await a.getByRole("link", { name: "Confirm with your code" }).click();
  await expect(a).toHaveURL(/\/step-up\?next=%2Faccount%2Fdevices$/);
  const { code } = await freshCode(user);
  await a.getByLabel("Authentication code").fill(code);
  await a.getByRole("button", { name: "Confirm" }).click();
  await expect(a).toHaveURL(/\/account\/devices$/);
  const rotated = (await (await a.request.get("/api/me")).json()) as { sessionId: string };
  expect(rotated.sessionId).toBe(me.sessionId); // same session, new token (rotated on step-up)

  const again = a.getByTestId("device-row").filter({ hasNotText: "This device" });
  await again.getByRole("button", { name: "Sign out" }).click();
  await again.getByRole("button", { name: /^Sign out .*Safari/ }).click();
  await expect(a.getByTestId("device-row")).toHaveCount(1);
  await b.goto("/account");
  await expect(b).toHaveURL(/\/sign-in\?reason=revoked_user$/);
});
