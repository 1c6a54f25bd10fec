// Driving the real UI: the password step, the code step, sign-out.
import { expect, type BrowserContext, type Cookie, type Locator, type Page } from "@playwright/test";
import { PENDING_COOKIE, SESSION_COOKIE } from "./constants";
import { freshCode } from "./totp";
import type { TestUser } from "./users";
import { signUpLinkFor } from "./mail";

export async function cookieNamed(context: BrowserContext, name: string): Promise<Cookie | undefined> {
  return (await context.cookies()).find((c) => c.name === name);
}

export async function sessionCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return cookieNamed(context, SESSION_COOKIE);
}

export async function pendingCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return cookieNamed(context, PENDING_COOKIE);
}

/** Step 1 (email + password) through /sign-in; ends on /sign-in/mfa. `base`: a spec's own server. */
export async function passwordStep(page: Page, email: string, password: string, base = ""): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
}

/** Types a code into the step-2 form and submits it (no assertion on the outcome). */
export async function submitTotp(page: Page, code: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
}

export async function submitRecoveryCode(page: Page, code: string): Promise<void> {
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
}

/** The form's error message (Next's route announcer is also role=alert, so scope to the form). */
export function formAlert(page: Page): Locator {
  return page.locator("form [role=alert]");
}

export async function expectOnAccount(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

export interface SignedIn {
  context: BrowserContext;
  /** The session token (the __Host-sg_session cookie value). */
  token: string;
  /** The TOTP step the server accepted. */
  step: number;
}

/**
 * Full sign-in through the UI with a fresh (never accepted) TOTP code; ends on /account.
 * `base`: the URL of a spec's own server when the page's context points elsewhere.
 */
export async function signInViaUi(page: Page, user: Pick<TestUser, "email" | "password" | "totpSecret" | "lastStep">, base = ""): Promise<SignedIn> {
  await passwordStep(page, user.email, user.password, base);
  const { code, step } = await freshCode(user);
  await submitTotp(page, code);
  await expectOnAccount(page, user.email);
  const cookie = await sessionCookie(page.context());
  if (!cookie?.value) throw new Error("signed in, but no session cookie was set");
  return { context: page.context(), token: cookie.value, step };
}

export async function signOutViaUi(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed_out$/);
  await expect(page.getByText("You signed out.")).toBeVisible();
}

/** The sign-up form's answer (the same for a new and a taken address). */
export const SIGN_UP_DONE = /^Check your mail: we sent a message to that address with the next step\./;

/**
 * Self-service sign-up through the UI, the way a person does it: the form (answer: "check your
 * mail"), the confirmation link from the mail (the e2e server's outbox), its button, then the
 * password step, which for a new account leads to the TOTP enrolment page. Ends there.
 * `readLink`: where the mail is read (default: the shared e2e server's outbox).
 */
export async function signUpViaUi(page: Page, email: string, password: string, opts: { base?: string; readLink?: (to: string) => Promise<string> } = {}): Promise<void> {
  const base = opts.base ?? "";
  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("sign-up-done")).toHaveText(SIGN_UP_DONE);
  const link = await (opts.readLink ?? signUpLinkFor)(email);
  await page.goto(base ? link.replace(/^https?:\/\/[^/]+/, base) : link);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page).toHaveURL(/\/verify-email\/done\?result=confirmed$/);
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account\/security\/totp$/);
}
