import "server-only";
// "Was this you?" on alerts (new-device sign-in, flagged session) and on flagged device rows
// (issue 13). The owner's answer is what the risk engine never gets otherwise:
//   - "Yes": a false-positive label. An open flag on that session is closed as
//     "confirmed_by_user", which the admin overview's per-signal false-positive rate counts
//     (lib/admin/overview.ts); the alert is marked answered.
//   - "No": that session ends at once; every other session of the account must step up (a copy
//     of the cookie may be elsewhere); the password is replaced by a random one, outstanding reset
//     links and pending sign-ins are voided, so the next sign-in needs a reset through the mailbox
//     (a forced password change); the alert is marked answered, and the activity log opens.
// Callers have passed the guard: "Yes" through requireSensitive (a flagged session cannot label
// its own flag), "No" through requireSession (it only ever takes access away, from everyone).
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/events/record";
import { hashPassword } from "@/lib/auth/password";
import { confirmFlagByOwner, disownSession, type RequestMeta } from "@/lib/session/store";

export const WAS_THIS_YOU_MESSAGES = {
  yes: "Thanks: we noted that this was you.",
  no: "That session was signed out. Your password no longer works: set a new one with \"Forgot your password?\" (the link goes to your address). Your other sessions must confirm with a code.",
  notFound: "That session was not found.",
} as const;

export type Answer = "yes" | "no";
export type WasThisYouResult = { ok: true; message: string } | { ok: false; message: string };

export async function answerWasThisYou(owner: { userId: string; sessionId: string }, input: { sessionId: string; answer: Answer }, meta: RequestMeta, now = new Date()): Promise<WasThisYouResult> {
  const target = await db().session.findFirst({ where: { id: input.sessionId, userId: owner.userId }, select: { id: true } });
  if (!target) return { ok: false, message: WAS_THIS_YOU_MESSAGES.notFound };
  const ev = { userId: owner.userId, sessionId: owner.sessionId, ip: meta.ip, userAgent: meta.userAgent };
  await db().notification.updateMany({ where: { userId: owner.userId, sessionId: target.id, answer: null }, data: { answer: input.answer, answeredAt: now, readAt: now } });
  if (input.answer === "yes") {
    const labelled = await confirmFlagByOwner(owner.userId, target.id, now);
    await recordEvent({ type: "alert.confirmed_by_user", ...ev, details: { target: target.id, flagLabelled: labelled } });
    return { ok: true, message: WAS_THIS_YOU_MESSAGES.yes };
  }
  const { ended, steppedUp } = await disownSession(owner.userId, target.id, now);
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  await db().$transaction([
    db().user.update({ where: { id: owner.userId }, data: { passwordHash: unusable, passwordChangedAt: now }, select: { id: true } }),
    db().passwordReset.updateMany({ where: { userId: owner.userId, usedAt: null }, data: { usedAt: now } }),
    db().pendingSignIn.updateMany({ where: { userId: owner.userId, consumedAt: null }, data: { consumedAt: now } }),
  ]);
  await recordEvent({ type: "alert.disowned_by_user", ...ev, details: { target: target.id, ended, othersSteppingUp: steppedUp } });
  return { ok: true, message: WAS_THIS_YOU_MESSAGES.no };
}
