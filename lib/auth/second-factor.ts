import "server-only";
// Step 2 of sign-in (TOTP or recovery code) and first-time TOTP enrolment. Both end in a
// brand-new session of record; the pending state is consumed exactly once.
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/events/record";
import { createSession, endSession, type IssuedSession, type MfaMethod, type RequestMeta } from "@/lib/session/store";
import { hashToken, isWellFormedToken } from "@/lib/session/token";
import { consumeTotpCode } from "./totp-credential";
import { consumeRecoveryCode, issueRecoveryCodes } from "./recovery";
import { verifyPasskeyAssertion, verifyPasswordlessAssertion } from "./passkeys";
import { config } from "@/lib/config";
import { mfaThrottle, retryMessage } from "./rate-limit";
import { AUTH_ERRORS } from "./errors";
import { recordSignInDevice } from "@/lib/notify/alerts";
import { describePlace } from "@/lib/geo/lookup";
import type { PendingPurpose } from "./sign-in";

export interface PendingState { pendingId: string; userId: string; purpose: PendingPurpose }
export type Refusal = { ok: false; message: string; restart?: boolean };
export type SecondFactorResult = { ok: true; issued: IssuedSession } | Refusal;

/** The pending row behind a pending JWT, if it is still usable. */
export async function loadPending(p: PendingState, now = new Date()) {
  const row = await db().pendingSignIn.findUnique({ where: { id: p.pendingId }, select: { id: true, userId: true, purpose: true, createdAt: true, expiresAt: true, consumedAt: true } });
  if (!row || row.userId !== p.userId || row.purpose !== p.purpose || row.consumedAt || row.expiresAt <= now) return null;
  return row;
}

async function finish(p: PendingState, method: MfaMethod, meta: RequestMeta, previousToken: string | undefined, details: Record<string, unknown> = {}): Promise<SecondFactorResult> {
  const now = new Date();
  const { count } = await db().pendingSignIn.updateMany({ where: { id: p.pendingId, consumedAt: null, expiresAt: { gt: now } }, data: { consumedAt: now } });
  if (count !== 1) return { ok: false, message: AUTH_ERRORS.pending_expired, restart: true };
  const user = await db().user.findUnique({ where: { id: p.userId }, select: { role: true, lockedAt: true, passwordChangedAt: true } });
  if (!user || user.lockedAt) return { ok: false, message: AUTH_ERRORS.locked, restart: true };
  // A password reset after this sign-in's password step voids it (it ends every session, too).
  const pendingRow = await db().pendingSignIn.findUnique({ where: { id: p.pendingId }, select: { createdAt: true } });
  if (user.passwordChangedAt && pendingRow && user.passwordChangedAt > pendingRow.createdAt) return { ok: false, message: AUTH_ERRORS.pending_expired, restart: true };
  // Fixation: whatever session cookie came in is never upgraded; if it named a live session, end it.
  if (previousToken && isWellFormedToken(previousToken)) {
    const old = await db().session.findUnique({ where: { tokenHash: hashToken(previousToken) }, select: { id: true } });
    if (old) await endSession(old.id, { by: "user", reason: "superseded_by_sign_in" });
  }
  const issued = await createSession({ userId: p.userId, role: user.role, mfaMethod: method, meta, now });
  await recordEvent({ type: "signin.success", userId: p.userId, sessionId: issued.sessionId, ip: meta.ip, userAgent: meta.userAgent, details: { method, ...details } });
  // New-device alert (in-app + mail). Mail is only queued here: SMTP never delays the sign-in.
  const device = await db().session.findUnique({ where: { id: issued.sessionId }, select: { browser: true, os: true, city: true, country: true } });
  if (device) await recordSignInDevice({ userId: p.userId, sessionId: issued.sessionId, browser: device.browser, os: device.os, ip: meta.ip, place: describePlace(device), at: now });
  return { ok: true, issued };
}

async function throttled(p: PendingState, meta: RequestMeta): Promise<Refusal | null> {
  const t = await mfaThrottle.check(p.userId, meta.ip);
  if (t.allowed) return null;
  await recordEvent({ type: "signin.mfa_throttled", userId: p.userId, ip: meta.ip, userAgent: meta.userAgent, details: { retryAfterSec: t.retryAfterSec } });
  return { ok: false, message: retryMessage(t.retryAfterSec) };
}

async function failed(p: PendingState, meta: RequestMeta, why: string, message: string): Promise<Refusal> {
  const after = await mfaThrottle.fail(p.userId, meta.ip);
  await recordEvent({ type: why === "reused" ? "signin.mfa_replay" : "signin.mfa_failed", userId: p.userId, ip: meta.ip, userAgent: meta.userAgent, details: { why } });
  return { ok: false, message: after.allowed ? message : retryMessage(after.retryAfterSec) };
}

export async function verifySecondFactor(
  p: PendingState,
  input: { kind: "totp" | "recovery"; code: string },
  meta: RequestMeta,
  previousToken?: string,
): Promise<SecondFactorResult> {
  if (p.purpose !== "mfa" || !(await loadPending(p))) return { ok: false, message: AUTH_ERRORS.pending_expired, restart: true };
  const blocked = await throttled(p, meta);
  if (blocked) return blocked;
  if (input.kind === "recovery") {
    if (!(await consumeRecoveryCode(p.userId, input.code))) return failed(p, meta, "recovery_invalid", AUTH_ERRORS.invalid_recovery_code);
    await recordEvent({ type: "signin.recovery_code_used", userId: p.userId, ip: meta.ip, userAgent: meta.userAgent });
  } else {
    const check = await consumeTotpCode(p.userId, input.code);
    if (!check.ok) return failed(p, meta, check.why, check.why === "reused" ? AUTH_ERRORS.code_reused : AUTH_ERRORS.invalid_code);
  }
  await mfaThrottle.succeed(p.userId, meta.ip);
  return finish(p, input.kind, meta, previousToken);
}

/**
 * Step 2 with a passkey: an assertion (user verification required) for the challenge issued to
 * THIS pending sign-in. Wrong or replayed answers count on the same limit as wrong codes.
 */
export async function verifyPasskeySecondFactor(p: PendingState, responseText: string, meta: RequestMeta, previousToken?: string): Promise<SecondFactorResult> {
  if (p.purpose !== "mfa" || !(await loadPending(p))) return { ok: false, message: AUTH_ERRORS.pending_expired, restart: true };
  const blocked = await throttled(p, meta);
  if (blocked) return blocked;
  const check = await verifyPasskeyAssertion({ purpose: "signin", userId: p.userId, pendingId: p.pendingId }, responseText);
  if (!check.ok) {
    await recordEvent({ type: "passkey.refused", userId: p.userId, ip: meta.ip, userAgent: meta.userAgent, details: { step: "signin", why: check.why } });
    return failed(p, meta, "passkey_refused", check.message);
  }
  await mfaThrottle.succeed(p.userId, meta.ip);
  return finish(p, "passkey", meta, previousToken);
}

/**
 * Passwordless sign-in: a discoverable passkey with user verification is a multi-factor
 * cryptographic authenticator (NIST SP 800-63B §5.1.9) — possession of the key, unlocked by the
 * device's PIN or biometric. The verified assertion stands in for BOTH steps; it then goes
 * through the same ending as every sign-in (a one-off pending row consumed by `finish`: locked
 * accounts, fixation, events and new-device alerts are handled once, there).
 */
export async function passwordlessSignIn(browserNonce: string, responseText: string, meta: RequestMeta, previousToken?: string): Promise<{ ok: true; issued: IssuedSession; userId: string } | Refusal> {
  const check = await verifyPasswordlessAssertion(browserNonce, responseText);
  if (!check.ok) {
    await recordEvent({ type: "passkey.refused", ip: meta.ip, userAgent: meta.userAgent, details: { step: "passwordless", why: check.why } });
    return { ok: false, message: check.message };
  }
  const pending = await db().pendingSignIn.create({
    data: { userId: check.userId, purpose: "mfa", ip: meta.ip, expiresAt: new Date(Date.now() + config().PENDING_SIGN_IN_SECONDS * 1000) },
    select: { id: true },
  });
  const done = await finish({ pendingId: pending.id, userId: check.userId, purpose: "mfa" }, "passkey", meta, previousToken, { passwordless: true });
  return done.ok ? { ...done, userId: check.userId } : done;
}

/**
 * First-time enrolment, step 1: the code proves the app holds the secret; the recovery codes are
 * issued and returned to be shown once. No session yet: the user acknowledges the codes first
 * (completeEnrollment), so the page that shows them is not replaced by a signed-in render.
 */
export async function confirmEnrollment(p: PendingState, code: string, meta: RequestMeta): Promise<{ ok: true; recoveryCodes: string[] } | Refusal> {
  if (p.purpose !== "enroll" || !(await loadPending(p))) return { ok: false, message: AUTH_ERRORS.pending_expired, restart: true };
  const blocked = await throttled(p, meta);
  if (blocked) return blocked;
  const check = await consumeTotpCode(p.userId, code, { confirming: true, shownTo: p.pendingId });
  if (!check.ok) return failed(p, meta, check.why, check.why === "reused" ? AUTH_ERRORS.code_reused : AUTH_ERRORS.invalid_code);
  await mfaThrottle.succeed(p.userId, meta.ip);
  const recoveryCodes = await issueRecoveryCodes(p.userId);
  await recordEvent({ type: "totp.enrolled", userId: p.userId, ip: meta.ip, userAgent: meta.userAgent });
  return { ok: true, recoveryCodes };
}

/** Enrolment, step 2: the TOTP credential was confirmed during this pending sign-in → a session. */
export async function completeEnrollment(p: PendingState, meta: RequestMeta, previousToken?: string): Promise<SecondFactorResult> {
  const pending = p.purpose === "enroll" ? await loadPending(p) : null;
  if (!pending) return { ok: false, message: AUTH_ERRORS.pending_expired, restart: true };
  const cred = await db().totpCredential.findUnique({ where: { userId: p.userId }, select: { confirmedAt: true } });
  if (!cred?.confirmedAt || cred.confirmedAt < pending.createdAt) return { ok: false, message: AUTH_ERRORS.invalid_code };
  return finish(p, "totp", meta, previousToken);
}

/** True when this pending enrolment already proved the code (page reloads show "continue"). */
export async function enrollmentConfirmed(p: PendingState): Promise<boolean> {
  const pending = await loadPending(p);
  if (!pending) return false;
  const cred = await db().totpCredential.findUnique({ where: { userId: p.userId }, select: { confirmedAt: true } });
  return Boolean(cred?.confirmedAt && cred.confirmedAt >= pending.createdAt);
}
