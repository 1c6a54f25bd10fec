// Passkeys in real Chromium with the DevTools virtual authenticator (ctap2, internal transport,
// resident key, user verification): enrol from the Authenticator page after a fresh code, sign
// out, sign in with password + passkey, step up with the passkey, remove it.
import Database from "better-sqlite3";
import AxeBuilder from "@axe-core/playwright";
import type { CDPSession, Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { createUserViaCli } from "./support/users";
import { passwordStep, signInViaUi, signOutViaUi } from "./support/ui";
import { ageSessionMfa } from "./support/db";
import { E2E_DB_FILE } from "./support/env";

async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

function sessionMethod(sessionId: string): string | undefined {
  const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT "mfaMethod" FROM "Session" WHERE "id" = ?`).get(sessionId) as { mfaMethod: string } | undefined)?.mfaMethod;
  } finally {
    db.close();
  }
}

async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${page.url()} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function currentSessionId(page: Page): Promise<string> {
  return ((await (await page.request.get("/api/me")).json()) as { sessionId: string }).sessionId;
}

test("enrol a passkey, sign in with password + passkey, step up with it, remove it", async ({ page }) => {
  const user = createUserViaCli({ tag: "passkey" });
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  await signInViaUi(page, user);

  // Enrol (the code was entered a moment ago on this device: fresh).
  await page.goto("/account/security/totp");
  await expect(page.getByTestId("passkeys")).toContainText("No passkeys yet");
  await page.getByLabel("Passkey name").fill("Work laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Passkey "Work laptop" added.' })).toBeVisible();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);
  await expect(page.getByTestId("passkey-row")).toContainText("Work laptop");
  await expect(page.getByTestId("passkey-row")).toContainText("Never used");
  await page.goto("/account/security/totp"); // a settled page for axe (not mid-refresh)
  await expectAccessible(page);
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  // The same authenticator cannot enrol twice (excludeCredentials): a clear message, nothing stored.
  await page.getByLabel("Passkey name").fill("Again");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("This device or security key already holds a passkey for your account.")).toBeVisible();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);

  // Sign out, then password + passkey (offered first on the second step).
  await signOutViaUi(page);
  await passwordStep(page, user.email, user.password);
  await expect(page.getByRole("button", { name: "Use your passkey" })).toBeVisible();
  await expect(page.getByLabel("Authentication code")).toBeVisible(); // TOTP stays as the fallback
  await expectAccessible(page);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  const sessionId = await currentSessionId(page);
  expect(sessionMethod(sessionId)).toBe("passkey");
  await page.goto("/account/devices");
  await expect(page.getByTestId("device-mfa-method").first()).toHaveText("a passkey");
  await page.goto("/account/activity");
  await expect(page.getByText("Signed in with a passkey").first()).toBeVisible();

  // Step-up with the passkey where a code is asked: the factor is no longer fresh.
  ageSessionMfa(sessionId, 30);
  await page.goto("/account/security/totp");
  await page.getByRole("button", { name: "Remove passkey Work laptop" }).click();
  await expect(page.getByTestId("passkey-step-up")).toBeVisible();
  await page.goto("/step-up?next=%2Faccount%2Fsecurity%2Ftotp");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm with your passkey" }).click();
  await expect(page).toHaveURL(/\/account\/security\/totp$/);
  expect(sessionMethod(sessionId)).toBe("passkey");
  await expect(page.getByTestId("passkey-row")).not.toContainText("Never used");

  // Remove it (fresh again after the step-up); the owner gets an alert.
  await page.getByRole("button", { name: "Remove passkey Work laptop" }).click();
  await expect(page.getByTestId("passkeys")).toContainText("No passkeys yet");
  await page.goto("/account/activity");
  await expect(page.getByText("A passkey was removed").first()).toBeVisible();
  await expect(page.getByText("A passkey was added").first()).toBeVisible();
});

test("passwordless: a discoverable passkey with user verification signs in from the sign-in page", async ({ page }) => {
  const user = createUserViaCli({ tag: "passwordless" });
  await virtualAuthenticator(page);
  await signInViaUi(page, user);
  await page.goto("/account/security/totp");
  await page.getByLabel("Passkey name").fill("Phone");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);
  await signOutViaUi(page);

  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  expect(sessionMethod(await currentSessionId(page))).toBe("passkey");
  await page.goto("/account/activity");
  await expect(page.getByText("Signed in with a passkey (no password)").first()).toBeVisible();
});

test("REQUIRE_PASSKEY_FOR_ADMINS: an admin with a passkey opens the console only after a passkey, not a code", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/status of (401 \(Unauthorized\)|429 \(Too Many Requests\)) \(http:\/\/localhost:\d+\/admin\/api\/flags\)/);
  const admin = createUserViaCli({ tag: "passkey-admin", admin: true });
  await virtualAuthenticator(page);
  await signInViaUi(page, admin);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin$/); // no passkey yet: the code is enough
  await page.goto("/account/security/totp");
  await page.getByLabel("Passkey name").fill("Admin key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);

  // The session's last factor is still the code: the console now asks for the passkey, and only it.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/step-up\?next=%2Fadmin$/);
  await expect(page.getByTestId("admin-passkey-only")).toBeVisible();
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);
  // From the page itself (browser fetch metadata, as the console's own calls send it).
  const adminApi = () => page.evaluate(async () => { const r = await fetch("/admin/api/flags"); return { status: r.status, body: await r.text() }; });
  // Refused either way: 401 step_up_required, or 429 when the test's own page-load burst has
  // already tripped the risk engine's rapid-fire rule (10/s) for this session. Never 200.
  await page.waitForTimeout(1_200);
  const before = await adminApi();
  expect([401, 429], before.body).toContain(before.status);
  expect(before.body).toMatch(/step_up_required|challenge_required/);
  await page.getByRole("button", { name: "Confirm with your passkey" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.waitForTimeout(1_200);
  const after = await adminApi();
  expect(after.status, after.body).toBe(200);
});
