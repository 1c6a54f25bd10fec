import { randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { PENDING_COOKIE, SESSION_COOKIE, TOKEN_RE } from "./support/constants";
import { apiMeWithToken, rawRequest, sameBrowserHeaders } from "./support/http";
import { freshCode } from "./support/totp";
import { expectOnAccount, passwordStep, pendingCookie, sessionCookie, signInViaUi, submitTotp } from "./support/ui";
import { createUserViaCli } from "./support/users";

async function plantSessionCookie(context: BrowserContext, value: string): Promise<void> {
  // Secure cookie on http://localhost: give domain + path, not url.
  await context.addCookies([{ name: SESSION_COOKIE, value, domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
}

test("a planted random session cookie is replaced at sign-in, never adopted", async ({ page, context }) => {
  const planted = randomBytes(32).toString("base64url");
  expect(planted).toMatch(TOKEN_RE);
  await plantSessionCookie(context, planted);
  expect((await sessionCookie(context))?.value).toBe(planted);

  const user = createUserViaCli({ tag: "fix-random" });
  const { token } = await signInViaUi(page, user);
  expect(token).not.toBe(planted);
  expect(token).toMatch(TOKEN_RE);
  expect((await apiMeWithToken(token, { headers: await sameBrowserHeaders(page) })).status).toBe(200);
  const plantedNow = await apiMeWithToken(planted);
  expect(plantedNow.status).toBe(401);
});

test("another user's live session planted in the browser is not kept and stops working after sign-in", async ({ page, context, newContext }) => {
  // Victim's browser gets the attacker's (or any other user's) valid session cookie.
  const other = createUserViaCli({ tag: "fix-other" });
  const otherCtx = await newContext();
  const otherPage = await otherCtx.newPage();
  const { token: otherToken } = await signInViaUi(otherPage, other);
  const otherMe = await apiMeWithToken(otherToken, { headers: await sameBrowserHeaders(otherPage) });
  expect(otherMe.status).toBe(200);

  await plantSessionCookie(context, otherToken);
  const victim = createUserViaCli({ tag: "fix-victim" });
  const { token } = await signInViaUi(page, victim);

  expect(token, "sign-in issues a new token").not.toBe(otherToken);
  const mine = await apiMeWithToken(token, { headers: await sameBrowserHeaders(page) });
  expect(mine.status).toBe(200);
  expect(mine.body.userId).not.toBe(otherMe.body.userId);
  expect(mine.body.sessionId).not.toBe(otherMe.body.sessionId);

  const planted = await apiMeWithToken(otherToken);
  expect(planted.status, "the planted session was ended").toBe(401);
  expect(planted.body.error).toBe("unauthenticated");
});

test("the password step alone gives no session: only the code step sets the session cookie", async ({ page, context }) => {
  const user = createUserViaCli({ tag: "fix-steps" });
  await passwordStep(page, user.email, user.password);

  expect(await sessionCookie(context), "no session cookie after the password step").toBeUndefined();
  const pending = await pendingCookie(context);
  expect(pending?.value, "the pending cookie is set instead").toBeTruthy();

  // Everything the browser holds now, replayed raw, is not a session.
  const jar = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const me = await rawRequest({ path: "/api/me", headers: { cookie: jar } });
  expect(me.status).toBe(401);
  expect(me.json()).toMatchObject({ error: "unauthenticated", reason: "missing" });
  const account = await rawRequest({ path: "/account", headers: { cookie: jar } });
  expect(account.status).toBeGreaterThanOrEqual(300);
  expect(account.status).toBeLessThan(400);
  expect(account.headers.location ?? "").toMatch(/^(?:https?:\/\/[^/]+)?\/sign-in(?:\?|$)/);

  // In the browser too.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in(?:\?.*)?$/);

  // The pending state is intact; finishing the code step now creates the session.
  await page.goto("/sign-in/mfa");
  await expect(page).toHaveURL(/\/sign-in\/mfa$/);
  await submitTotp(page, (await freshCode(user)).code);
  await expectOnAccount(page, user.email);
  expect((await sessionCookie(context))?.value).toMatch(TOKEN_RE);
  expect(await pendingCookie(context), `${PENDING_COOKIE} is cleared once used`).toBeUndefined();
});
