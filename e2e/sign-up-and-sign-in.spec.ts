import { test, expect } from "./support/fixtures";
import { TOKEN_RE } from "./support/constants";
import { freshCode, stepAt, waitForNextStep } from "./support/totp";
import { expectOnAccount, formAlert, passwordStep, sessionCookie, SIGN_UP_DONE, signOutViaUi, signUpViaUi, submitTotp } from "./support/ui";
import { readOutbox } from "./support/mail";
import { strongPassword, uniqueEmail } from "./support/users";

test("sign up, enrol TOTP from the page, see recovery codes, sign out, sign in again with password + code", async ({ page, context }) => {
  test.setTimeout(90_000); // may wait up to one 30 s TOTP step
  const email = uniqueEmail("signup");
  const password = strongPassword();

  // Sign-up proves the mailbox first (issue 13): the link from the mail, then the password step.
  await signUpViaUi(page, email, password);
  expect(await sessionCookie(context), "no session before the second factor").toBeUndefined();

  // The manual key (grouped in blocks of 4) and the otpauth URI must carry the same secret.
  const shown = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(shown).toMatch(/^(?:[A-Z2-7]{4} )*[A-Z2-7]{1,4}$/);
  const secret = shown.replace(/\s+/g, "");
  expect(secret.length).toBeGreaterThanOrEqual(32); // >= 160 bits
  const uri = new URL((await page.getByTestId("otpauth-uri").textContent()) ?? "");
  expect(uri.protocol).toBe("otpauth:");
  expect(uri.searchParams.get("secret")).toBe(secret);
  expect(decodeURIComponent(uri.pathname)).toContain(email);

  const user = { totpSecret: secret, lastStep: undefined as number | undefined };
  const enrol = await freshCode(user);
  await page.getByLabel("Authentication code").fill(enrol.code);
  await page.getByRole("button", { name: "Verify and finish" }).click();

  // The ten recovery codes are shown exactly here, once, before any session exists.
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes, "recovery codes are shown after enrolment").toHaveCount(10);
  const codeTexts = (await codes.allTextContents()).map((c) => c.trim());
  expect(new Set(codeTexts).size, "recovery codes are distinct").toBe(10);
  for (const c of codeTexts) expect(c).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(await sessionCookie(context), "no session until the codes are acknowledged").toBeUndefined();

  await page.getByRole("button", { name: /I have saved my recovery codes/ }).click();
  await expect(async () => expect((await sessionCookie(context))?.value).toMatch(TOKEN_RE)).toPass();
  const enrolSession = await sessionCookie(context);
  await expectOnAccount(page, email);
  await signOutViaUi(page);
  expect(await sessionCookie(context), "sign-out removes the cookie").toBeUndefined();

  // The enrolment code's step is spent: wait until the clock moves on, then sign in.
  const next = await waitForNextStep(enrol.step);
  expect(next).toBeGreaterThan(enrol.step);
  await passwordStep(page, email, password);
  const signIn = await freshCode(user);
  expect(signIn.step).toBeGreaterThan(enrol.step);
  expect(signIn.step).toBeLessThanOrEqual(stepAt());
  await submitTotp(page, signIn.code);
  await expectOnAccount(page, email);

  const second = await sessionCookie(context);
  expect(second?.value).toMatch(TOKEN_RE);
  expect(second?.value, "a new sign-in gets a new token").not.toBe(enrolSession?.value);
});

test("sign-up proves the mailbox first, and answers a taken address exactly like a new one (issue 13, paths 6 and 8)", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/status of 401 .*\/api\/auth\/callback\/credentials/); // the refused password step
  const email = uniqueEmail("signup-proof");
  const password = strongPassword();
  const answer = async (address: string) => {
    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(address);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("sign-up-done")).toHaveText(SIGN_UP_DONE);
    return page.getByTestId("sign-up-done").textContent();
  };
  const forNew = await answer(email);
  // Before the link is opened, the right password leads nowhere: no enrolment page, no secret.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(formAlert(page)).toContainText("Confirm your email address first");
  await page.goto("/account/security/totp");
  await expect(page).toHaveURL(/\/sign-in$/);
  // The same address again (now taken): the very same answer; the mailbox is told someone tried.
  expect(await answer(email)).toBe(forNew);
  await expect.poll(() => readOutbox(email).map((m) => m.subject)).toContain("Someone tried to create a SessionGuard account with your address");
});
