"use server";
// Passkey enrolment and removal from the Authenticator page. Both are factor changes: a sensitive
// action (requireSensitive) AND a second factor proved within FRESH_AUTH_SECONDS on this device;
// the owner is told at their address either way.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { BAD_ACTION_INPUT, isFormCall, isStateFormCall } from "@/lib/http/action-args";
import { hasFreshAuth, requireSensitive, type SessionContext } from "@/lib/session/guard";
import { deletePasskey, registerPasskey, registrationOptions } from "@/lib/auth/passkeys";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/events/record";
import { notifyUser } from "@/lib/notify/alerts";
import { describeClient } from "@/lib/session/store";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";

const PAGE = "/account/security/totp";
const NOT_FRESH = "Confirm it's you first: passkeys can be added or removed only within a few minutes of entering a code.";

export type PasskeyActionState = { ok?: string; error?: string; needsStepUp?: boolean; options?: string };

async function freshContext(name: string): Promise<{ ok: true; ctx: SessionContext } | { ok: false; state: PasskeyActionState }> {
  const check = await requireSensitive({ name, offeredBy: PAGE });
  if (!check.ok) return { ok: false, state: { needsStepUp: true, error: check.message } };
  if (!hasFreshAuth(check.ctx)) return { ok: false, state: { needsStepUp: true, error: NOT_FRESH } };
  return { ok: true, ctx: check.ctx };
}

async function tellOwner(ctx: SessionContext, kind: "passkey_added" | "passkey_removed"): Promise<void> {
  const ua = describeClient(ctx.meta.userAgent, ctx.meta.hints);
  await notifyUser({ userId: ctx.session.userId, kind, context: { browser: ua.browser, os: ua.os, ip: ctx.meta.ip, place: describePlace(lookupPlace(ctx.meta.ip), ctx.meta.ip), at: new Date() } });
}

/** Step 1: creation options (a challenge bound to this session), as a JSON string. */
export async function startPasskeyEnrolment(form: FormData, ...extra: unknown[]): Promise<PasskeyActionState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const fresh = await freshContext("passkey_add");
  if (!fresh.ok) return fresh.state;
  const { session } = fresh.ctx;
  const user = await db().user.findUnique({ where: { id: session.userId }, select: { id: true, email: true } });
  if (!user) return { error: BAD_ACTION_INPUT };
  return { options: JSON.stringify(await registrationOptions(user, session.id)) };
}

const finishInput = z.object({ name: z.string().trim().min(1, "Name the passkey.").max(60, "Use at most 60 characters."), response: z.string().min(2).max(4096) });

/** Step 2: the browser's attestation (a JSON string field) and the passkey's name. */
export async function finishPasskeyEnrolment(form: FormData, ...extra: unknown[]): Promise<PasskeyActionState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = finishInput.safeParse({ name: form.get("name"), response: form.get("response") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? BAD_ACTION_INPUT };
  const fresh = await freshContext("passkey_add");
  if (!fresh.ok) return fresh.state;
  const { session, meta } = fresh.ctx;
  const r = await registerPasskey({ userId: session.userId, sessionId: session.id }, parsed.data.response, parsed.data.name);
  const ev = { userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent };
  if (!r.ok) {
    await recordEvent({ type: "passkey.refused", ...ev, details: { step: "enrol", why: r.why } });
    return { error: r.message };
  }
  await recordEvent({ type: "passkey.added", ...ev, details: { passkeyId: r.passkeyId } });
  await tellOwner(fresh.ctx, "passkey_added");
  revalidatePath(PAGE);
  return { ok: `Passkey "${parsed.data.name}" added.` };
}

export async function removePasskey(_prev: PasskeyActionState, form: FormData, ...extra: unknown[]): Promise<PasskeyActionState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = z.object({ id: z.string().min(1).max(64) }).safeParse({ id: form.get("id") });
  if (!parsed.success) return { error: BAD_ACTION_INPUT };
  const fresh = await freshContext("passkey_remove");
  if (!fresh.ok) return fresh.state;
  const { session, meta } = fresh.ctx;
  const removed = await deletePasskey(session.userId, parsed.data.id);
  if (!removed) return { error: "That passkey is not on your account." };
  await recordEvent({ type: "passkey.removed", userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent, details: { passkeyId: parsed.data.id } });
  await tellOwner(fresh.ctx, "passkey_removed");
  revalidatePath(PAGE);
  return { ok: `Passkey "${removed.name}" removed.` };
}
