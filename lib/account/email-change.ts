import "server-only";
// Email changes the way GitHub and Google do them (issue 13, path 1). A hijacked session used to
// change the address silently; from then on alerts and reset links went to the attacker.
//   1. The request needs a second factor entered NOW (never the password or the "code entered in
//      the last minutes" shortcut: a replayed cookie inside that window has it for free).
//   2. The new address gets a single-use link (256 random bits, only its SHA-256 stored, 30 min):
//      the address changes only when it is opened.
//   3. The old address is told at once, with a "This wasn't me" link, valid 7 days: it cancels the
//      pending change (or reverts a confirmed one), signs out every session, voids outstanding
//      reset links and the password, so the owner sets a new one by a reset to the old address.
// A taken address gets the same answer as a free one (no enumeration) and no link.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { recordEvent } from "@/lib/events/record";
import { queueMail } from "@/lib/notify/mail";
import { renderEmailChangeConfirm, renderEmailChangeNotice } from "@/lib/notify/templates";
import { confirmFreshCode, confirmFreshPasskey, type StepUpInput } from "@/lib/auth/step-up";
import { isPlausibleEmail, normalizeEmail } from "@/lib/auth/users";
import { endAllSessions, type RequestMeta } from "@/lib/session/store";
import { generateSessionToken, hashToken, isWellFormedToken } from "@/lib/session/token";
import { hashPassword } from "@/lib/auth/password";
import { randomBytes } from "node:crypto";
import { describeUserAgent } from "@/lib/session/user-agent";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";

export const EMAIL_CHANGE_VALID_MINUTES = 30;
/** How long "This wasn't me" works, also after the change was confirmed (then it reverts it). */
export const EMAIL_CHANGE_REVERT_DAYS = 7;

export const EMAIL_CHANGE_MESSAGES = {
  requested: `We sent a confirmation link to the new address (valid ${EMAIL_CHANGE_VALID_MINUTES} minutes). Your address changes only when it is opened. We also told your current address.`,
  sameAddress: "That is already your email address.",
  invalid: "Enter a valid email address.",
  invalidLink: "This link is invalid, has expired, or was already used or cancelled.",
  confirmed: "Your email address was changed. Your other sessions were signed out.",
  cancelled: "The email change was cancelled (or undone) and every session of your account was signed out. Your password no longer works: set a new one with \"Forgot your password?\" (the link goes to this address).",
  unavailable: "That email address cannot be used. Request the change again with another address.",
} as const;

export type EmailChangeRequestResult = { ok: true; message: string } | { ok: false; message: string; wrongCode?: boolean; suspended?: boolean };

function context(meta: RequestMeta, at: Date) {
  const ua = describeUserAgent(meta.userAgent);
  return { browser: ua.browser, os: ua.os, ip: meta.ip, place: describePlace(lookupPlace(meta.ip), meta.ip), at };
}

/** Step 1, inside a session that passed requireSensitive: a fresh code, then the two mails. */
export async function requestEmailChange(
  s: { userId: string; sessionId: string },
  input: { email: string } & StepUpInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<EmailChangeRequestResult> {
  const email = normalizeEmail(input.email);
  if (!isPlausibleEmail(email)) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalid };
  const ref = { id: s.sessionId, userId: s.userId };
  // A passkey assertion made now counts as the fresh factor too (for the session's own challenge).
  const code = input.kind === "passkey" ? await confirmFreshPasskey(ref, input.response, meta) : await confirmFreshCode(ref, { kind: input.kind, code: input.code }, meta);
  if (!code.ok) return { ok: false, message: code.message, wrongCode: true, suspended: code.suspended };
  const user = await db().user.findUnique({ where: { id: s.userId }, select: { email: true } });
  if (!user) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  if (user.email === email) return { ok: false, message: EMAIL_CHANGE_MESSAGES.sameAddress };
  const ev = { userId: s.userId, sessionId: s.sessionId, ip: meta.ip, userAgent: meta.userAgent };

  // One pending change at a time: a new request voids the earlier links.
  await db().emailChange.updateMany({ where: { userId: s.userId, confirmedAt: null, cancelledAt: null }, data: { cancelledAt: now } });
  const taken = (await db().user.count({ where: { email } })) > 0;
  if (taken) {
    await recordEvent({ type: "account.email_change_refused", ...ev, details: { why: "address_taken" } });
    return { ok: true, message: EMAIL_CHANGE_MESSAGES.requested };
  }
  const token = generateSessionToken();
  const cancelToken = generateSessionToken();
  await db().emailChange.create({
    data: {
      userId: s.userId, newEmail: email, oldEmail: user.email, tokenHash: hashToken(token), cancelTokenHash: hashToken(cancelToken),
      sessionId: s.sessionId, ip: meta.ip.slice(0, 64), createdAt: now, expiresAt: new Date(now.getTime() + EMAIL_CHANGE_VALID_MINUTES * 60_000),
    },
    select: { id: true },
  });
  const ctx = context(meta, now);
  const appUrl = config().APP_URL;
  await queueMail({ to: email, ...renderEmailChangeConfirm({ appUrl, token, validMinutes: EMAIL_CHANGE_VALID_MINUTES, ctx }) });
  await queueMail({ to: user.email, ...renderEmailChangeNotice({ appUrl, cancelToken, newEmail: email, validMinutes: EMAIL_CHANGE_VALID_MINUTES, ctx }) });
  await recordEvent({ type: "account.email_change_requested", ...ev });
  return { ok: true, message: EMAIL_CHANGE_MESSAGES.requested };
}

type Pending = { id: string; userId: string; newEmail: string; oldEmail: string; sessionId: string | null };

async function pendingBy(field: "tokenHash" | "cancelTokenHash", token: string, now: Date): Promise<Pending | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db().emailChange.findUnique({
    where: field === "tokenHash" ? { tokenHash: hashToken(token) } : { cancelTokenHash: hashToken(token) },
    select: { id: true, userId: true, newEmail: true, oldEmail: true, sessionId: true, expiresAt: true, confirmedAt: true, cancelledAt: true },
  });
  if (!row || row.confirmedAt || row.cancelledAt || row.expiresAt <= now) return null;
  return row;
}

type Revertible = Pending & { confirmedAt: Date | null };

/** The change a "This wasn't me" link names, if it can still be cancelled or reverted. */
async function revertibleBy(cancelToken: string, now: Date): Promise<Revertible | null> {
  if (!isWellFormedToken(cancelToken)) return null;
  const row = await db().emailChange.findUnique({
    where: { cancelTokenHash: hashToken(cancelToken) },
    select: { id: true, userId: true, newEmail: true, oldEmail: true, sessionId: true, createdAt: true, expiresAt: true, confirmedAt: true, cancelledAt: true },
  });
  if (!row || row.cancelledAt || row.createdAt.getTime() + EMAIL_CHANGE_REVERT_DAYS * 86_400_000 <= now.getTime()) return null;
  return row;
}

/** For the link pages: is the link still usable? */
export async function isEmailChangeTokenUsable(token: string, kind: "confirm" | "cancel", now = new Date()): Promise<boolean> {
  return (kind === "confirm" ? await pendingBy("tokenHash", token, now) : await revertibleBy(token, now)) !== null;
}

export type EmailChangeLinkResult = { ok: true; message: string } | { ok: false; message: string };

/** Step 2, the link in the NEW mailbox: spends the token once and changes the address. */
export async function confirmEmailChange(token: string, meta: RequestMeta, now = new Date()): Promise<EmailChangeLinkResult> {
  const p = await pendingBy("tokenHash", token, now);
  if (!p) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  const { count } = await db().emailChange.updateMany({ where: { id: p.id, confirmedAt: null, cancelledAt: null, expiresAt: { gt: now } }, data: { confirmedAt: now } });
  if (count !== 1) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  // Only from the address the notice went to: if it changed meanwhile, this link is stale.
  const { count: changed } = await db().user.updateMany({ where: { id: p.userId, email: p.oldEmail }, data: { email: p.newEmail } }).catch((err: unknown) => {
    if ((err as { code?: string }).code === "P2002") return { count: -1 };
    throw err;
  });
  if (changed === -1) return { ok: false, message: EMAIL_CHANGE_MESSAGES.unavailable };
  if (changed !== 1) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  const ended = await endAllSessions(p.userId, { by: "system", reason: "email_changed", exceptSessionId: p.sessionId ?? undefined, now });
  await recordEvent({ type: "account.email_changed", userId: p.userId, sessionId: p.sessionId, ip: meta.ip, userAgent: meta.userAgent, details: { sessionsEnded: ended } });
  return { ok: true, message: EMAIL_CHANGE_MESSAGES.confirmed };
}

/**
 * "This wasn't me", the link in the OLD mailbox (7 days): cancels the pending change, or reverts a
 * confirmed one to the old address; ends every session; voids reset links and pending sign-ins
 * and replaces the password with a random one, so the next sign-in needs a reset to the old address.
 */
export async function cancelEmailChange(cancelToken: string, meta: RequestMeta, now = new Date()): Promise<EmailChangeLinkResult> {
  const p = await revertibleBy(cancelToken, now);
  if (!p) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  const { count } = await db().emailChange.updateMany({ where: { id: p.id, cancelledAt: null }, data: { cancelledAt: now } });
  if (count !== 1) return { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  let reverted = false;
  if (p.confirmedAt) {
    const r = await db().user.updateMany({ where: { id: p.userId, email: p.newEmail }, data: { email: p.oldEmail } }).catch((err: unknown) => {
      if ((err as { code?: string }).code === "P2002") return { count: 0 };
      throw err;
    });
    reverted = r.count === 1;
  }
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  await db().$transaction([
    db().user.update({ where: { id: p.userId }, data: { passwordHash: unusable, passwordChangedAt: now }, select: { id: true } }),
    db().passwordReset.updateMany({ where: { userId: p.userId, usedAt: null }, data: { usedAt: now } }),
    db().pendingSignIn.updateMany({ where: { userId: p.userId, consumedAt: null }, data: { consumedAt: now } }),
  ]);
  const ended = await endAllSessions(p.userId, { by: "user", reason: "email_change_cancelled", now });
  await recordEvent({ type: "account.email_change_cancelled", userId: p.userId, ip: meta.ip, userAgent: meta.userAgent, details: { sessionsEnded: ended, wasConfirmed: Boolean(p.confirmedAt), reverted } });
  return { ok: true, message: EMAIL_CHANGE_MESSAGES.cancelled };
}
