import "server-only";
// The demo shop's sensitive changes. Callers have already passed requireSensitive(); these
// functions check the confirmation (current password, unless the session entered a code in the
// last few minutes) and apply the change for the session's own user only.
import { db } from "@/lib/db/client";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordPolicyMessage } from "@/lib/auth/errors";
import { endAllSessions, rotateSession, type IssuedSession, type RequestMeta } from "@/lib/session/store";
import { recordEvent } from "@/lib/events/record";
import { notifyUser } from "@/lib/notify/alerts";

export type ChangeResult = { ok: true; issued?: IssuedSession; message: string } | { ok: false; message: string; wrongPassword?: boolean };

export async function confirmWithPassword(userId: string, password: string | undefined, freshCode: boolean): Promise<boolean> {
  if (freshCode) return true;
  if (!password) return false;
  const u = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(u && (await verifyPassword(u.passwordHash, password)));
}

const WRONG = { ok: false, message: "Your current password is not correct.", wrongPassword: true } as const;

export async function changeShippingAddress(s: { userId: string; sessionId: string }, input: { address: string; password?: string; freshCode: boolean }, meta: RequestMeta): Promise<ChangeResult> {
  if (!(await confirmWithPassword(s.userId, input.password, input.freshCode))) return WRONG;
  await db().user.update({ where: { id: s.userId }, data: { shippingAddress: input.address } });
  await recordEvent({ type: "account.address_changed", userId: s.userId, sessionId: s.sessionId, ip: meta.ip, userAgent: meta.userAgent });
  return { ok: true, message: "Shipping address saved." };
}

// Email changes are not here: they always need a fresh code and the new address's confirmation
// (lib/account/email-change.ts), never the password-or-freshness shortcut above.

/** New password; the session's token is rotated and, by default, every other session ends. */
export async function changePassword(s: { userId: string; sessionId: string }, input: { current: string; next: string; signOutOthers: boolean }, meta: RequestMeta): Promise<ChangeResult> {
  const u = await db().user.findUnique({ where: { id: s.userId }, select: { passwordHash: true, email: true } });
  if (!u || !(await verifyPassword(u.passwordHash, input.current))) return WRONG;
  const policy = checkPasswordPolicy(input.next, u.email);
  if (!policy.ok) return { ok: false, message: passwordPolicyMessage(policy.reason) };
  await db().user.update({ where: { id: s.userId }, data: { passwordHash: await hashPassword(input.next), passwordChangedAt: new Date() } });
  if (input.signOutOthers) await endAllSessions(s.userId, { by: "user", reason: "password_changed", exceptSessionId: s.sessionId });
  const issued = (await rotateSession(s.sessionId)) ?? undefined;
  await recordEvent({ type: "password.changed", userId: s.userId, sessionId: s.sessionId, ip: meta.ip, userAgent: meta.userAgent, details: { signedOutOthers: input.signOutOthers } });
  await notifyUser({ userId: s.userId, kind: "password_changed", context: { browser: null, os: null, ip: meta.ip, place: null, at: new Date() } });
  return { ok: true, issued, message: input.signOutOthers ? "Password changed. Your other devices were signed out." : "Password changed." };
}
