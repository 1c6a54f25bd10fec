import "server-only";
// Self-service sign-up proves the mailbox first (issue 13, paths 6 and 8).
//   - Pre-hijacking: sign-up used to create a usable account at once, so an attacker could
//     register the victim's address, read the TOTP setup secret, and wait; when the victim later
//     reset the password, they were shown that same secret and enrolled it. Now the account exists
//     but cannot sign in or enrol a factor until the single-use link mailed to the address (256
//     random bits, only its SHA-256 stored, 60 minutes) is opened. A password reset proves the
//     mailbox too, and discards a factor enrolled before that proof (lib/auth/password-reset.ts).
//   - Enumeration: the answer is the same for a new and a taken address ("check your mail"), at
//     the same cost (the password is hashed either way); the taken address gets a mail saying
//     someone tried, with no link that changes anything.
// Mails per address are capped (SIGNUP_MAIL_RULE), so strangers cannot mail-bomb an inbox through
// the sign-up form either; over the cap the answer is still the same.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { recordEvent } from "@/lib/events/record";
import { queueMail } from "@/lib/notify/mail";
import { renderSignUpConfirm, renderSignUpTaken } from "@/lib/notify/templates";
import { describeUserAgent } from "@/lib/session/user-agent";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";
import type { RequestMeta } from "@/lib/session/store";
import { generateSessionToken, hashToken, isWellFormedToken } from "@/lib/session/token";
import { createUser, normalizeEmail } from "./users";
import { signUpMailThrottle } from "./rate-limit";

export const SIGNUP_LINK_VALID_MINUTES = 60;

export const SIGN_UP_MESSAGES = {
  checkMail: `Check your mail: we sent a message to that address with the next step. If it is a new account, open the link in it within ${SIGNUP_LINK_VALID_MINUTES} minutes; until then the account cannot sign in.`,
  invalidLink: "This confirmation link is invalid, has expired or was already used. Sign in with your email address and password to get a new one.",
  confirmed: "Your email address is confirmed. Sign in to set up your authenticator app.",
} as const;

export type SignUpResult = { ok: true; message: string } | { ok: false; message: string };

function context(meta: RequestMeta, at: Date) {
  const ua = describeUserAgent(meta.userAgent);
  return { browser: ua.browser, os: ua.os, ip: meta.ip, place: describePlace(lookupPlace(meta.ip), meta.ip), at };
}

/**
 * Mails a fresh confirmation link for an account whose mailbox is not proven yet (earlier links
 * are voided: one live link at a time). Within the per-address mail cap only; false when capped.
 */
export async function sendMailboxProof(user: { id: string; email: string }, meta: RequestMeta, now = new Date()): Promise<boolean> {
  if (!(await signUpMailThrottle.take(user.email))) return false;
  const token = generateSessionToken();
  await db().$transaction([
    db().emailVerification.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } }),
    db().emailVerification.create({
      data: { userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + SIGNUP_LINK_VALID_MINUTES * 60_000), ip: meta.ip.slice(0, 64) },
      select: { id: true },
    }),
  ]);
  await queueMail({ to: user.email, ...renderSignUpConfirm({ appUrl: config().APP_URL, token, validMinutes: SIGNUP_LINK_VALID_MINUTES, ctx: context(meta, now) }) });
  return true;
}

/**
 * The sign-up form. Input errors (an implausible address, a refused password) depend only on what
 * was typed, so they are the same for taken and new addresses; past them the answer is always
 * `checkMail`.
 */
export async function signUp(input: { email: string; password: string }, meta: RequestMeta, now = new Date()): Promise<SignUpResult> {
  const ev = { ip: meta.ip, userAgent: meta.userAgent };
  // createUser hashes the password before it tries the insert, so a taken address costs the same.
  const created = await createUser({ email: input.email, password: input.password, mailboxProven: false });
  const email = normalizeEmail(input.email);
  if (created.ok) {
    const mailed = await sendMailboxProof({ id: created.userId, email }, meta, now);
    await recordEvent({ type: "signup", userId: created.userId, ...ev, details: { confirmationMailed: mailed } });
    return { ok: true, message: SIGN_UP_MESSAGES.checkMail };
  }
  if (created.code !== "signup_unavailable") return { ok: false, message: created.message };
  const owner = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
  const mailed = owner !== null && (await signUpMailThrottle.take(owner.email));
  if (owner && mailed) await queueMail({ to: owner.email, ...renderSignUpTaken({ appUrl: config().APP_URL, ctx: context(meta, now) }) });
  await recordEvent({ type: "signup.address_taken", userId: owner?.id ?? null, ...ev, details: { noticeMailed: mailed } });
  return { ok: true, message: SIGN_UP_MESSAGES.checkMail };
}

async function usableProof(token: string, now: Date) {
  if (!isWellFormedToken(token)) return null;
  const row = await db().emailVerification.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, usedAt: true, expiresAt: true } });
  return row && !row.usedAt && row.expiresAt > now ? row : null;
}

/** For the link page: is the link still usable (a dead link is reported before the button)? */
export async function isMailboxProofUsable(token: string, now = new Date()): Promise<boolean> {
  return (await usableProof(token, now)) !== null;
}

/** The link was opened and its button pressed: spends the token once and marks the mailbox proven. */
export async function confirmMailbox(token: string, meta: RequestMeta, now = new Date()): Promise<{ ok: boolean; message: string }> {
  const row = await usableProof(token, now);
  if (!row) return { ok: false, message: SIGN_UP_MESSAGES.invalidLink };
  const { count } = await db().emailVerification.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) return { ok: false, message: SIGN_UP_MESSAGES.invalidLink };
  await markMailboxProven(row.userId, now);
  await recordEvent({ type: "signup.mailbox_proven", userId: row.userId, ip: meta.ip, userAgent: meta.userAgent, details: { by: "signup_link" } });
  return { ok: true, message: SIGN_UP_MESSAGES.confirmed };
}

/** Sets the proof time once (a later proof does not move it: "enrolled before the proof" compares with the first). */
export async function markMailboxProven(userId: string, now = new Date()): Promise<void> {
  await db().user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
}
