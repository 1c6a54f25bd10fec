import "server-only";
// Step 1 of sign-in (password). Success grants only a short-lived pending state for step 2.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { recordEvent } from "@/lib/events/record";
import type { RequestMeta } from "@/lib/session/store";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { passwordThrottle, puzzleIssueThrottle, retryMessage, signInPuzzleSize, PASSWORD_RULES } from "./rate-limit";
import { deviceNonceFor } from "./device-cookie";
import { createSignInChallenge, signInScope, spendPowSolution, type PowChallenge } from "@/lib/risk/challenge";
import { hasConfirmedTotp } from "./totp-credential";
import { normalizeEmail } from "./users";
import { sendMailboxProof } from "./sign-up";
import { AUTH_ERRORS } from "./errors";

export type PendingPurpose = "mfa" | "enroll";
export type PasswordStepResult =
  | { ok: true; userId: string; pendingId: string; purpose: PendingPurpose }
  | { ok: false; message: string; puzzleRequired?: true };

/** What the browser brings besides the credentials: its device cookie, a solved sign-in puzzle. */
export interface PasswordStepExtras { deviceCookie?: string; pow?: string }

/**
 * A puzzle for this address's next password attempt, sized by the account's recent failures
 * (the same answer for unknown addresses: the count is kept per typed address).
 */
export async function signInPuzzleFor(rawEmail: string, meta: RequestMeta): Promise<PowChallenge | null> {
  if (!(await puzzleIssueThrottle.take(meta.ip))) return null;
  const email = normalizeEmail(rawEmail).slice(0, 254);
  return createSignInChallenge(email, signInPuzzleSize(await passwordThrottle.accountFailures(email)));
}

export async function passwordStep(input: { email: string; password: string }, meta: RequestMeta, extras: PasswordStepExtras = {}): Promise<PasswordStepResult> {
  const email = normalizeEmail(input.email).slice(0, 254);
  const password = input.password.slice(0, 1024);
  const ev = { ip: meta.ip, userAgent: meta.userAgent };

  const throttle = await passwordThrottle.check(email, meta.ip);
  if (!throttle.allowed) {
    await recordEvent({ type: "signin.throttled", ...ev, details: { step: "password", retryAfterSec: throttle.retryAfterSec } });
    return { ok: false, message: retryMessage(throttle.retryAfterSec) };
  }

  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true, lockedAt: true, emailVerifiedAt: true } });
  const nonce = user ? deviceNonceFor(extras.deviceCookie, user.id) : null;
  const trustedDevice = nonce !== null && (await passwordThrottle.deviceTrusted(nonce));
  // Many wrong passwords for this account from anywhere: not a lock-out (that would let anyone
  // lock the owner out) but a puzzle before the password is even checked, so each further guess
  // costs the guesser CPU. A browser that signed in to this account before is exempt.
  if (!trustedDevice) {
    const failures = await passwordThrottle.accountFailures(email);
    if (failures >= PASSWORD_RULES.account.points && !(extras.pow && (await spendPowSolution(signInScope(email), extras.pow)))) {
      await recordEvent({ type: "signin.puzzle_required", userId: user?.id ?? null, ...ev, details: { failures, offered: Boolean(extras.pow) } });
      return { ok: false, message: AUTH_ERRORS.puzzle_required, puzzleRequired: true };
    }
  }
  // An unknown email costs one argon2 verification too, so timing does not tell them apart.
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !passwordOk) {
    const after = await passwordThrottle.fail(email, meta.ip, nonce);
    await recordEvent({ type: "signin.password_failed", userId: user?.id ?? null, ...ev, details: { knownAccount: Boolean(user) } });
    return { ok: false, message: after.allowed ? AUTH_ERRORS.invalid_credentials : retryMessage(after.retryAfterSec) };
  }
  if (user.lockedAt) {
    await recordEvent({ type: "signin.locked_account", userId: user.id, ...ev });
    return { ok: false, message: AUTH_ERRORS.locked };
  }
  await passwordThrottle.succeed(email, meta.ip);
  // Sign-up proves the mailbox first (issue 13, path 6): no pending state, so no enrolment page
  // and no TOTP secret, until the mailed link is opened. Only a caller who knows the password
  // learns this, and it re-sends the link (capped per address).
  if (!user.emailVerifiedAt) {
    const resent = await sendMailboxProof({ id: user.id, email: user.email }, meta);
    await recordEvent({ type: "signin.mailbox_unproven", userId: user.id, ...ev, details: { resent } });
    return { ok: false, message: AUTH_ERRORS.email_unconfirmed };
  }
  const purpose: PendingPurpose = (await hasConfirmedTotp(user.id)) ? "mfa" : "enroll";
  const pending = await db().pendingSignIn.create({
    data: { userId: user.id, purpose, ip: meta.ip, expiresAt: new Date(Date.now() + config().PENDING_SIGN_IN_SECONDS * 1000) },
    select: { id: true },
  });
  await recordEvent({ type: "signin.password_ok", userId: user.id, ...ev, details: { purpose, knownDevice: trustedDevice } });
  return { ok: true, userId: user.id, pendingId: pending.id, purpose };
}
