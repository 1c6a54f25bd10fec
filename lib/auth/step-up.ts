import "server-only";
// Re-entering the code inside a session (step-up). On success the token is rotated and the
// session's MFA time renewed (both timeouts restart, NIST 800-63B §2.2.3 / 5.2).
import { recordEvent } from "@/lib/events/record";
import { db } from "@/lib/db/client";
import { rotateSession, type IssuedSession, type RequestMeta } from "@/lib/session/store";
import type { ValidSession } from "@/lib/session/validate";
import { consumeTotpCode } from "./totp-credential";
import { consumeRecoveryCode } from "./recovery";
import { mfaThrottle, retryMessage } from "./rate-limit";
import { AUTH_ERRORS } from "./errors";

export type StepUpResult = { ok: true; issued: IssuedSession } | { ok: false; message: string };

export async function stepUp(session: ValidSession, input: { kind: "totp" | "recovery"; code: string }, meta: RequestMeta, onFailure?: (sessionId: string) => Promise<void>): Promise<StepUpResult> {
  const ev = { userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent };
  const t = await mfaThrottle.check(session.userId, meta.ip);
  if (!t.allowed) return { ok: false, message: retryMessage(t.retryAfterSec) };
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
    const after = await mfaThrottle.fail(session.userId, meta.ip);
    await recordEvent({ type: "stepup.failed", ...ev, details: { method: input.kind, why } });
    const message = input.kind === "recovery" ? AUTH_ERRORS.invalid_recovery_code : why === "reused" ? AUTH_ERRORS.code_reused : AUTH_ERRORS.invalid_code;
    return { ok: false, message: after.allowed ? message : retryMessage(after.retryAfterSec) };
  }
  await mfaThrottle.succeed(session.userId, meta.ip);
  // Rebind: the person proved it is them from here, so this network and browser become the baseline.
  const issued = await rotateSession(session.id, { reauthenticated: input.kind, rebind: meta });
  if (!issued) return { ok: false, message: "Your session ended. Please sign in again." };
  // An open flag on this session is resolved by the owner's proof; admins still see it in history.
  await db().session.updateMany({ where: { id: session.id, flaggedAt: { not: null }, flagResolution: null }, data: { flagResolution: "stepped_up", flagResolvedAt: new Date(), flagResolvedBy: "user" } });
  await recordEvent({ type: "stepup.success", ...ev, details: { method: input.kind } });
  await recordEvent({ type: "session.rotated", ...ev, details: { reason: "step_up" } });
  return { ok: true, issued };
}
