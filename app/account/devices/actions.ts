"use server";
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { hasFreshAuth, requireSensitive, requireSession, type SessionContext } from "@/lib/session/guard";
import { endOwnSession, endOwnSessions } from "@/lib/session/devices";
import { clearSessionCookie } from "@/lib/session/cookie-jar";
import { recordEvent } from "@/lib/events/record";

export type DeviceActionState = { error?: string; needsStepUp?: boolean; done?: string };

const STEP_UP = { needsStepUp: true, error: "To sign out other devices, confirm with a fresh authentication code first." } as const;

/**
 * Ending other devices is a sensitive action (issue 13): the sensitive risk policy first (was the
 * devices page viewed in this session, does the request match the session's binding, is the
 * session flagged), then a code entered in the last few minutes on this device.
 */
async function sensitiveEnd(name: string): Promise<{ ok: true; ctx: SessionContext } | { ok: false; state: DeviceActionState }> {
  const check = await requireSensitive({ name, offeredBy: "/account/devices" });
  if (!check.ok) return { ok: false, state: { needsStepUp: true, error: check.message } };
  if (!hasFreshAuth(check.ctx)) return { ok: false, state: STEP_UP };
  return { ok: true, ctx: check.ctx };
}
const sessionId = z.string().min(1).max(64).regex(/^[a-z0-9]+$/i);

/**
 * Ends one of the user's sessions. This device: always. Another device: the sensitive policy and
 * a code entered in the last few minutes on this device, so a hijacker holding a stolen session
 * cannot throw the real user out.
 */
export async function signOutDevice(_prev: DeviceActionState, form: FormData, ...extra: unknown[]): Promise<DeviceActionState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = sessionId.safeParse(form.get("sessionId"));
  if (!parsed.success) return { error: "That session was not found." };
  const ctx = await requireSession();
  const ev = { userId: ctx.session.userId, sessionId: ctx.session.id, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent };
  if (parsed.data === ctx.session.id) {
    await endOwnSession(ctx.session.userId, ctx.session.id, "signed_out");
    await recordEvent({ type: "session.signed_out", ...ev });
    await clearSessionCookie();
    redirect("/sign-in?reason=signed_out");
  }
  const allowed = await sensitiveEnd("sign_out_device");
  if (!allowed.ok) return allowed.state;
  if (!(await endOwnSession(ctx.session.userId, parsed.data, "revoked_by_user"))) return { error: "That session was not found or has already ended." };
  await recordEvent({ type: "session.revoked", ...ev, details: { by: "user", target: parsed.data } });
  revalidatePath("/account/devices");
  return { done: "The device was signed out." };
}

export async function signOutOtherDevices(_prev: DeviceActionState, form: FormData, ...extra: unknown[]): Promise<DeviceActionState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const allowed = await sensitiveEnd("sign_out_others");
  if (!allowed.ok) return allowed.state;
  const { ctx } = allowed;
  const n = await endOwnSessions(ctx.session.userId, { exceptSessionId: ctx.session.id, reason: "sign_out_others" });
  await recordEvent({ type: "session.revoked", userId: ctx.session.userId, sessionId: ctx.session.id, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent, details: { by: "user", scope: "others", count: n } });
  revalidatePath("/account/devices");
  return { done: n === 1 ? "1 other device was signed out." : `${n} other devices were signed out.` };
}

export async function signOutEverywhere(_prev: DeviceActionState, form: FormData, ...extra: unknown[]): Promise<DeviceActionState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const allowed = await sensitiveEnd("sign_out_everywhere");
  if (!allowed.ok) return allowed.state;
  const { ctx } = allowed;
  const n = await endOwnSessions(ctx.session.userId, { reason: "sign_out_everywhere" });
  await recordEvent({ type: "session.revoked", userId: ctx.session.userId, sessionId: ctx.session.id, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent, details: { by: "user", scope: "everywhere", count: n } });
  await clearSessionCookie();
  redirect("/sign-in?reason=signed_out");
}
