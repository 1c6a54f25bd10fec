// Not a test: the README's passkey screenshots (Authenticator page, second step, step-up), with
// Chromium's virtual authenticator standing in for the device's passkey.
import path from "node:path";
import { test, expect } from "@playwright/test";
import { createUserViaCli } from "../../e2e/support/users";
import { passwordStep, signInViaUi, signOutViaUi } from "../../e2e/support/ui";
import { REPO_ROOT } from "../../e2e/support/env";

const OUT = path.join(REPO_ROOT, "docs", "screenshots");
const shot = (name: string) => ({ path: path.join(OUT, `${name}.png`), fullPage: true });

test("capture passkeys", async ({ page }) => {
  test.setTimeout(120_000);
  const user = createUserViaCli({ email: "robin@example.com" });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", { options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  await signInViaUi(page, user);
  await page.goto("/account/security/totp");
  await page.getByLabel("Passkey name").fill("Work laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row").filter({ hasText: "Work laptop" })).toBeVisible();
  await signOutViaUi(page);
  await passwordStep(page, user.email, user.password);
  await page.screenshot(shot("passkey-sign-in"));
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await page.waitForURL(/\/account$/);
  await page.goto("/account/security/totp");
  await page.screenshot(shot("passkeys"));
  await page.goto("/step-up?next=%2Faccount%2Fdevices");
  await page.screenshot(shot("passkey-step-up"));
});
