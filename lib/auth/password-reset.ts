import "server-only";
// Forgotten password by email link. The link is the only secret: 256 random bits, stored as its
// SHA-256, single use, valid 30 minutes. Requesting tells the caller nothing about whether the
// address has an account. Completing it ends every session and pending sign-in of the account;
// it never signs anyone in, so the next sign-in still needs the second factor.
import { RateLimiterRes } from "rate-limiter-flexible";
import { limiter, type Rule } from "./rate-limit";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { recordEvent } from "@/lib/events/record";
import { endAllSessions, type RequestMeta } from "@/lib/session/store";
import { generateSessionToken, hashToken, isWellFormedToken } from "@/lib/session/token";
import { describeUserAgent } from "@/lib/session/user-agent";
import { lookupPlace } from "@/lib/geo/lookup";
import { queueMail } from "@/lib/notify/mail";
import { notifyUser } from "@/lib/notify/alerts";
import { renderPasswordReset } from "@/lib/notify/templates";
import { checkPasswordPolicy, hashPassword } from "./password";
import { isPlausibleEmail, normalizeEmail } from "./users";
import { passwordPolicyMessage } from "./errors";
import { deviceNonceFor } from "./device-cookie";

export const RESET_VALID_MINUTES = 30;

export const RESET_MESSAGES = {
  requested: `If an account exists for that address, we sent a link to reset its password. It is valid for ${RESET_VALID_MINUTES} minutes.`,
  invalidLink: "This reset link is invalid, has expired or was already used. Request a new one.",
  done: "Your password was changed and every session was signed out. Sign in with your new password and your authentication code.",
  doneNewFactor: "Your password was changed and every session was signed out. The authenticator app on this account was set up before this address was confirmed, so it was removed: sign in with your new password and set up a new one.",
} as const;


/**
 * Per requester address (one client mailing many accounts; one client mailing one inbox) and per
 * account with a higher cap (mail-bombing one inbox from many addresses). A low per-account cap
 * alone let three strangers silence the owner's own request (issue 13): now strangers exhaust only
 * their own addresses' allowance, and the account cap, when reached, alerts the owner. A browser
 * with the account's device cookie (an earlier sign-in) is not subject to the account cap.
 */
export const RESET_RULES = {
  ip: { prefix: "reset:ip", points: 5, windowSec: 15 * 60 },
  ipAccount: { prefix: "reset:ia", points: 3, windowSec: 60 * 60 },
  account: { prefix: "reset:a", points: 10, windowSec: 60 * 60 },
} as const satisfies Record<string, Rule>;

/** Counts the request on the key; the count in the window (over the rule's limit when > points). */
async function hit(rule: Rule, key: string): Promise<number> {
  try {
    return (await limiter(rule).consume(key)).consumedPoints;
  } catch (r) {
    if (r instanceof RateLimiterRes) return r.consumedPoints;
    throw r;
  }
}
const over = async (rule: Rule, key: string) => (await hit(rule, key)) > rule.points;

/** Browser, OS and approximate place of the request, for the mails. */
function requestContext(meta: RequestMeta, at: Date) {
  const ua = describeUserAgent(meta.userAgent);
  const p = lookupPlace(meta.ip);
  const place = p ? [p.city, p.country].filter(Boolean).join(", ") || null : null;
  return { browser: ua.browser, os: ua.os, ip: meta.ip, place, at };
}

/**
 * Always resolves the same way, whatever the address: the mail is the only channel that says
 * whether an account exists. Over a limit, nothing is created or sent (an event is recorded).
 */
export async function requestPasswordReset(rawEmail: string, meta: RequestMeta, extras: { deviceCookie?: string } = {}): Promise<void> {
  const email = normalizeEmail(rawEmail).slice(0, 254);
  const ev = { ip: meta.ip, userAgent: meta.userAgent };
  // The keys are counted on every request, known address or not, so the limits cannot be used
  // to tell accounts apart either.
  const plausible = isPlausibleEmail(email);
  const ipOver = await over(RESET_RULES.ip, meta.ip);
  const ipAccountOver = plausible ? await over(RESET_RULES.ipAccount, `${email}|${meta.ip}`) : false;
  if (ipOver || ipAccountOver) {
    await recordEvent({ type: "password.reset_requested", ...ev, details: { outcome: "throttled", by: ipOver ? "ip" : "ip_account" } });
    return;
  }
  if (!plausible) return;

  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, lockedAt: true } });
  const ownDevice = user !== null && deviceNonceFor(extras.deviceCookie, user.id) !== null;
  if (!ownDevice) {
    const n = await hit(RESET_RULES.account, email);
    if (n > RESET_RULES.account.points) {
      await recordEvent({ type: "password.reset_requested", userId: user?.id ?? null, ...ev, details: { outcome: "throttled", by: "account" } });
      // The first refused request of the window tells the owner (once, not once per request).
      if (user && n === RESET_RULES.account.points + 1) {
        await recordEvent({ type: "password.reset_account_cap", userId: user.id, ...ev, details: { cap: RESET_RULES.account.points } });
        await notifyUser({ userId: user.id, kind: "reset_requests_capped", context: requestContext(meta, new Date()) });
      }
      return;
    }
  }
  if (!user) {
    await recordEvent({ type: "password.reset_requested", ...ev, details: { outcome: "unknown_account" } });
    return;
  }
  if (user.lockedAt) {
    // A locked account is unlocked by an operator, not by whoever reads its mailbox.
    await recordEvent({ type: "password.reset_requested", userId: user.id, ...ev, details: { outcome: "locked" } });
    return;
  }

  const now = new Date();
  const token = generateSessionToken();
  await db().passwordReset.create({
    data: { userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_VALID_MINUTES * 60_000), ip: meta.ip.slice(0, 64) },
    select: { id: true },
  });
  const mail = renderPasswordReset({ appUrl: config().APP_URL, token, validMinutes: RESET_VALID_MINUTES, ctx: requestContext(meta, now) });
  await queueMail({ to: user.email, ...mail });
  await recordEvent({ type: "password.reset_requested", userId: user.id, ...ev, details: { outcome: "sent" } });
}

type UsableReset = { id: string; userId: string; email: string };

async function findUsable(token: string, now: Date): Promise<UsableReset | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db().passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, usedAt: true, expiresAt: true, user: { select: { email: true, lockedAt: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.lockedAt) return null;
  return { id: row.id, userId: row.userId, email: row.user.email };
}

/** For the reset page: is the link still usable (so a dead link is reported before typing)? */
export async function isResetTokenUsable(token: string, now: Date = new Date()): Promise<boolean> {
  return (await findUsable(token, now)) !== null;
}


export type CompleteResetResult = { ok: true; factorDiscarded: boolean } | { ok: false; message: string };

/**
 * A second factor enrolled before the mailbox was proven may be somebody else's (issue 13, path 6:
 * an attacker registered the address first and set it up), and so may any unconfirmed setup secret.
 * The reset link proves the mailbox, so such a factor is discarded: the owner enrols a new one.
 */
async function factorPredatesProof(userId: string): Promise<boolean> {
  const u = await db().user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true, totp: { select: { confirmedAt: true } } } });
  if (!u) return false;
  if (!u.emailVerifiedAt) return u.totp !== null || (await db().recoveryCode.count({ where: { userId } })) > 0;
  return u.totp !== null && (u.totp.confirmedAt === null || u.totp.confirmedAt < u.emailVerifiedAt);
}

export async function completePasswordReset(token: string, newPassword: string, meta: RequestMeta, now: Date = new Date()): Promise<CompleteResetResult> {
  const reset = await findUsable(token, now);
  if (!reset) return { ok: false, message: RESET_MESSAGES.invalidLink };
  // The policy is checked before the link is spent, so a refused password can be retried.
  const policy = checkPasswordPolicy(newPassword, reset.email);
  if (!policy.ok) return { ok: false, message: passwordPolicyMessage(policy.reason) };
  const passwordHash = await hashPassword(newPassword);

  // Spend the link: of concurrent submissions exactly one sees usedAt still null.
  const { count } = await db().passwordReset.updateMany({
    where: { id: reset.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return { ok: false, message: RESET_MESSAGES.invalidLink };

  const changedAt = new Date();
  const discard = await factorPredatesProof(reset.userId);
  const proven = await db().user.findUnique({ where: { id: reset.userId }, select: { emailVerifiedAt: true } });
  const [, otherLinks, pending] = await db().$transaction([
    // The link came through the mailbox: that proves it (sign-up's link does the same).
    db().user.update({ where: { id: reset.userId }, data: { passwordHash, passwordChangedAt: changedAt, emailVerifiedAt: proven?.emailVerifiedAt ?? changedAt }, select: { id: true } }),
    db().passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: changedAt } }),
    // A password step passed with the old password must not be finished with a code afterwards.
    db().pendingSignIn.updateMany({ where: { userId: reset.userId, consumedAt: null }, data: { consumedAt: changedAt } }),
    db().totpCredential.deleteMany({ where: discard ? { userId: reset.userId } : { userId: reset.userId, confirmedAt: null } }),
    // (Kept when the factor is kept: `id in []` matches nothing.)
    db().recoveryCode.deleteMany({ where: discard ? { userId: reset.userId } : { userId: reset.userId, id: { in: [] } } }),
  ]);
  // After the password change, so a session completed with the old password just before it is
  // still caught here.
  const sessionsEnded = await endAllSessions(reset.userId, { by: "system", reason: "password_reset" });

  await notifyUser({ userId: reset.userId, kind: "password_changed", context: requestContext(meta, changedAt) });
  if (discard) {
    await notifyUser({ userId: reset.userId, kind: "totp_changed", context: requestContext(meta, changedAt) });
    await recordEvent({ type: "totp.discarded_unproven", userId: reset.userId, ip: meta.ip, userAgent: meta.userAgent, details: { reason: "enrolled_before_mailbox_proof" } });
  }
  await recordEvent({
    type: "password.reset_completed",
    userId: reset.userId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    details: { sessionsEnded, pendingSignInsEnded: pending.count, otherLinksCancelled: otherLinks.count },
  });
  logger.info("password reset completed", { userId: reset.userId, sessionsEnded, factorDiscarded: discard });
  return { ok: true, factorDiscarded: discard };
}
