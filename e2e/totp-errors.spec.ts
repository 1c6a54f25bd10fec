import { test, expect } from "./support/fixtures";
import { codeForStep, ensureStepHeadroom, stepAt, totpNow } from "./support/totp";
import { expectOnAccount, formAlert, passwordStep, sessionCookie, signInViaUi, signOutViaUi, submitRecoveryCode, submitTotp } from "./support/ui";
import { createUserViaCli } from "./support/users";

const INVALID = "That code is not valid. Check your authenticator app and try again.";
const REUSED = "That code was already used. Wait for the next code.";
const RECOVERY_INVALID = "That recovery code is not valid or was already used.";

test("a wrong code is rejected with a message and grants no session; the right code still works", async ({ page, context }) => {
  const user = createUserViaCli({ tag: "wrongcode" });
  await passwordStep(page, user.email, user.password);

  // A 6-digit code that matches none of the steps the server accepts (now-1 .. now+1).
  const s = stepAt();
  const valid = new Set([s - 1, s, s + 1, s + 2].map((x) => codeForStep(user.totpSecret, x)));
  let wrong = Number(codeForStep(user.totpSecret, s));
  do wrong = (wrong + 1) % 1_000_000;
  while (valid.has(String(wrong).padStart(6, "0")));
  await submitTotp(page, String(wrong).padStart(6, "0"));

  await expect(formAlert(page)).toHaveText(INVALID);
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
  expect(await sessionCookie(context)).toBeUndefined();

  await submitTotp(page, totpNow(user.totpSecret).code);
  await expectOnAccount(page, user.email);
});

test("an accepted code cannot be used again (replay within the same time-step)", async ({ page, context }) => {
  const user = createUserViaCli({ tag: "reuse" });
  // Keep the whole sequence inside one 30 s step, so the replay is of exactly the accepted step.
  await ensureStepHeadroom(20);
  const first = await signInViaUi(page, user);
  const acceptedCode = codeForStep(user.totpSecret, first.step);
  await signOutViaUi(page);

  await passwordStep(page, user.email, user.password);
  await submitTotp(page, acceptedCode);
  await expect(formAlert(page)).toHaveText(REUSED);
  // The server accepts now-1..now+1, so a rolled-over step would still be a reuse; note it.
  test.info().annotations.push({ type: "replay", description: `accepted step ${first.step}, replayed at step ${stepAt()}` });
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
  expect(await sessionCookie(context)).toBeUndefined();
});

test("a recovery code works once; its second use is rejected", async ({ page, context }) => {
  const user = createUserViaCli({ tag: "recovery" });
  expect(user.recoveryCodes).toHaveLength(10);
  const [code, other] = user.recoveryCodes;
  if (!code || !other) throw new Error("CLI returned too few recovery codes");

  await passwordStep(page, user.email, user.password);
  await submitRecoveryCode(page, code);
  await expectOnAccount(page, user.email);
  await expect(page.getByText(/^Recovery code at /)).toBeVisible(); // "Verified with"
  await signOutViaUi(page);

  await passwordStep(page, user.email, user.password);
  await submitRecoveryCode(page, code);
  await expect(formAlert(page)).toHaveText(RECOVERY_INVALID);
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
  expect(await sessionCookie(context)).toBeUndefined();

  // The other codes are unaffected (the form is still in recovery mode).
  await page.getByLabel("Recovery code").fill(other);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expectOnAccount(page, user.email);
});
