import "server-only";
// Re-entering the code inside a session (step-up). On success the token is rotated and the
// session's MFA time renewed (both timeouts restart, NIST 800-63B §2.2.3 / 5.2).
// Wrong codes count per SESSION, never per account: a stolen cookie that guesses codes gets its
// own session suspended and the owner alerted, while the owner's sign-in stays open (issue 13).
import { recordEvent } from "@/lib/events/record";
import { describeClient, resolveFlagByOwner, rotateSession, suspendSession, type IssuedSession, type RequestMeta } from "@/lib/session/store";
import { notifyUser } from "@/lib/notify/alerts";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";
import type { ValidSession } from "@/lib/session/validate";
import { consumeTotpCode } from "./totp-credential";
import { consumeRecoveryCode } from "./recovery";
import { verifyPasskeyAssertion } from "./passkeys";
import { stepUpThrottle } from "./rate-limit";
import { AUTH_ERRORS } from "./errors";

export type StepUpResult = { ok: true; issued: IssuedSession } | { ok: false; message: string; suspended?: true };
export type FreshCodeResult = { ok: true } | { ok: false; message: string; suspended?: true };

export interface SessionRef { id: string; userId: string }

const SUSPEND_EXPLANATION = "Too many wrong authentication codes were entered in this session.";

async function suspendForCodes(session: SessionRef, meta: RequestMeta): Promise<{ ok: false; message: string; suspended: true }> {
  const now = new Date();
  if (await suspendSession(session.id, { reason: "stepup_failures", explanation: SUSPEND_EXPLANATION, now })) {
    await recordEvent({ type: "stepup.session_suspended", userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent });
    const ua = describeClient(meta.userAgent, meta.hints);
    await notifyUser({ userId: session.userId, kind: "stepup_suspended", context: { browser: ua.browser, os: ua.os, ip: meta.ip, place: describePlace(lookupPlace(meta.ip), meta.ip), at: now } });
  }
  return { ok: false, message: AUTH_ERRORS.step_up_suspended, suspended: true };
}

/**
 * A second factor entered now, inside a session (step-up, and actions that always need a fresh
 * code such as an email change). The code is spent; wrong codes count on this session's limit.
 */
export async function confirmFreshCode(session: SessionRef, input: { kind: "totp" | "recovery"; code: string }, meta: RequestMeta, onFailure?: (sessionId: string) => Promise<void>): Promise<FreshCodeResult> {
  const ev = { userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent };
  if (await stepUpThrottle.exhausted(session.id)) return suspendForCodes(session, meta);
  let ok: boolean;
  let why = "invalid";
  if (input.kind === "recovery") {
    ok = await consumeRecoveryCode(session.userId, input.code);
  } else {
    const check = await consumeTotpCode(session.userId, input.code);
    ok = check.ok;
    if (!check.ok) why = check.why;
  }
  if (!ok) {
    await onFailure?.(session.id);
    const exhausted = await stepUpThrottle.fail(session.id);
    await recordEvent({ type: "stepup.failed", ...ev, details: { method: input.kind, why } });
    if (exhausted) return suspendForCodes(session, meta);
    const message = input.kind === "recovery" ? AUTH_ERRORS.invalid_recovery_code : why === "reused" ? AUTH_ERRORS.code_reused : AUTH_ERRORS.invalid_code;
    return { ok: false, message };
  }
  await stepUpThrottle.succeed(session.id);
  return { ok: true };
}

/**
 * A passkey assertion made now, inside a session, for the challenge this session asked for.
 * Refused assertions count on the session's step-up limit like wrong codes.
 */
export async function confirmFreshPasskey(session: SessionRef, responseText: string, meta: RequestMeta, onFailure?: (sessionId: string) => Promise<void>): Promise<FreshCodeResult> {
  const ev = { userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent };
  if (await stepUpThrottle.exhausted(session.id)) return suspendForCodes(session, meta);
  const check = await verifyPasskeyAssertion({ purpose: "stepup", userId: session.userId, sessionId: session.id }, responseText);
  if (!check.ok) {
    await onFailure?.(session.id);
    const exhausted = await stepUpThrottle.fail(session.id);
    await recordEvent({ type: "stepup.failed", ...ev, details: { method: "passkey", why: check.why } });
    if (exhausted) return suspendForCodes(session, meta);
    return { ok: false, message: check.message };
  }
  await stepUpThrottle.succeed(session.id);
  return { ok: true };
}

export type StepUpInput = { kind: "totp" | "recovery"; code: string } | { kind: "passkey"; response: string };

export async function stepUp(session: ValidSession, input: StepUpInput, meta: RequestMeta, onFailure?: (sessionId: string) => Promise<void>): Promise<StepUpResult> {
  const ev = { userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent };
  const code = input.kind === "passkey" ? await confirmFreshPasskey(session, input.response, meta, onFailure) : await confirmFreshCode(session, input, meta, onFailure);
  if (!code.ok) return code;
  // Rebind: the person proved it is them from here, so this network and browser become the baseline.
  const issued = await rotateSession(session.id, { reauthenticated: input.kind, rebind: meta });
  if (!issued) return { ok: false, message: "Your session ended. Please sign in again." };
  // An open flag on this session is resolved by the owner's proof; admins still see it in history.
  await resolveFlagByOwner(session.id);
  await recordEvent({ type: "stepup.success", ...ev, details: { method: input.kind } });
  await recordEvent({ type: "session.rotated", ...ev, details: { reason: "step_up" } });
  return { ok: true, issued };
}
