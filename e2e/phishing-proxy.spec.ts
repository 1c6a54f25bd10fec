// The attacker-in-the-middle phishing kit, shown both ways (issue 14). A relaying proxy on
// another origin (http://localhost:<other port>) serves the real sign-in pages:
//  - password + TOTP through it: the victim signs in, and the cookie the proxy kept works for
//    the attacker against the real site (the attack SessionGuard cannot stop with codes);
//  - password + passkey through it: the browser signs the proxy's origin into the assertion
//    (clientDataJSON.origin), the server expects APP_URL's origin and refuses it; no session.
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createUserViaCli } from "./support/users";
import { passwordStep, signInViaUi, signOutViaUi, submitTotp, formAlert } from "./support/ui";
import { freshCode } from "./support/totp";
import { SESSION_COOKIE } from "./support/constants";
import { E2E_BASE_URL, E2E_DB_FILE, E2E_PORT } from "./support/env";
import { startPhishingProxy, type PhishingProxy } from "./support/phishing-proxy";

const PROXY_PORT = Number(process.env.SG_PHISH_PORT ?? E2E_PORT + 1);
let proxy: PhishingProxy;

test.beforeAll(async () => { proxy = await startPhishingProxy(PROXY_PORT, E2E_PORT); });
test.afterAll(async () => { await proxy?.close(); });

const capturedSession = () => proxy.captured.filter((c) => c.startsWith(`${SESSION_COOKIE}=`) && c.length > SESSION_COOKIE.length + 1).at(-1)?.slice(SESSION_COOKIE.length + 1);

async function withVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", { options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
}

test("password + TOTP through the relaying proxy: the proxy captures a session cookie that works for the attacker", async ({ page, newContext }) => {
  const user = createUserViaCli({ tag: "phish-totp" });
  proxy.captured.length = 0;
  await passwordStep(page, user.email, user.password, proxy.url);
  await submitTotp(page, (await freshCode(user)).code);
  await expect(page).toHaveURL(`${proxy.url}/account`);
  const stolen = capturedSession();
  expect(stolen, "the proxy saw the session cookie").toBeTruthy();

  const attacker = await newContext();
  await attacker.addCookies([{ name: SESSION_COOKIE, value: stolen ?? "", domain: "localhost", path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
  const me = await attacker.request.get(`${E2E_BASE_URL}/api/me`);
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { userId: string }).userId).toBeTruthy();
});

test("password + passkey through the relaying proxy: the assertion is bound to the proxy's origin and refused", async ({ page }) => {
  const user = createUserViaCli({ tag: "phish-passkey" });
  await withVirtualAuthenticator(page);
  // The victim set up a passkey on the real site earlier.
  await signInViaUi(page, user);
  await page.goto("/account/security/totp");
  await page.getByLabel("Passkey name").fill("Laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);
  await signOutViaUi(page);

  proxy.captured.length = 0;
  await passwordStep(page, user.email, user.password, proxy.url);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(formAlert(page).or(page.getByTestId("passkey-option").getByRole("alert"))).toContainText("The passkey could not be verified.");
  await expect(page).toHaveURL(`${proxy.url}/sign-in/mfa`);
  expect(capturedSession(), "no session cookie passed through the proxy").toBeUndefined();

  const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT "details" FROM "SecurityEvent" WHERE "type" = 'passkey.refused' AND "userId" = (SELECT "id" FROM "User" WHERE "email" = ?) ORDER BY "createdAt" DESC`).get(user.email.toLowerCase()) as { details: string } | undefined;
    expect(row?.details).toMatch(/origin/i);
  } finally {
    db.close();
  }

  // Passwordless through the proxy: refused the same way.
  await page.goto(`${proxy.url}/sign-in`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("passkey-option").getByRole("alert")).toContainText("The passkey could not be verified.");
  expect(capturedSession(), "no session cookie passed through the proxy").toBeUndefined();

  // The same passkey on the real origin still signs in.
  await passwordStep(page, user.email, user.password);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
});
