import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { readOutbox, resetLinkFor } from "./support/mail";
import { freshCode } from "./support/totp";
import { expectOnAccount, formAlert, passwordStep, signInViaUi, submitTotp } from "./support/ui";
import { createUserViaCli, strongPassword, uniqueEmail } from "./support/users";

const SENT = "If an account exists for that address, we sent a link to reset its password. It is valid for 30 minutes.";

async function requestReset(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(SENT)).toBeVisible();
}

test("forgot password: mail link → new password → every session ends → sign-in still needs the code", async ({ page, newContext, consoleGuard }) => {
  test.setTimeout(120_000); // sign-ins may wait for a fresh 30 s TOTP step
  const user = createUserViaCli({ tag: "reset" });

  // Another device of the same user is signed in before the reset.
  const other = await newContext();
  const otherPage = await other.newPage();
  await signInViaUi(otherPage, user);

  // An unknown address gets exactly the same answer, and no mail.
  const nobody = uniqueEmail("nobody");
  await requestReset(page, nobody);
  expect(readOutbox(nobody)).toEqual([]);

  await requestReset(page, user.email);
  const link = await resetLinkFor(user.email);
  expect(link.startsWith(`${E2E_BASE_URL}/reset-password?token=`)).toBe(true);

  const newPassword = strongPassword();
  await page.goto(link);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password was changed and every session was signed out. Sign in with your new password and your authentication code.")).toBeVisible();
  expect(readOutbox(user.email).map((m) => m.subject)).toContain("Your SessionGuard password was changed");

  // The other device's session is over: its next navigation lands on sign-in.
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/sign-in(\?|$)/);

  // The link is single use.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Reset link not valid" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Request a new link" })).toHaveAttribute("href", "/forgot-password");

  // The old password is dead (next-auth answers the refused password with a 401, logged by the browser).
  consoleGuard.allow(/status of 401 .*\/api\/auth\/callback\/credentials/);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(formAlert(page)).toHaveText("Invalid email or password.");

  // The new password gets only as far as the code step: the reset never skips MFA.
  await passwordStep(page, user.email, newPassword);
  const { code } = await freshCode(user);
  await submitTotp(page, code);
  await expectOnAccount(page, user.email);
});
