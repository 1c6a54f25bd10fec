"use server";
// The demo shop's sensitive actions. Each goes through requireSensitive (the one session check,
// plus the sensitive risk policy) before lib/account applies it.
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { hasFreshAuth, recordSessionFailure, requireSensitive } from "@/lib/session/guard";
import { setSessionCookie } from "@/lib/session/cookie-jar";
import { changePassword, changeShippingAddress, type ChangeResult } from "@/lib/account/changes";
import { requestEmailChange } from "@/lib/account/email-change";
import { redirect } from "next/navigation";

export type AccountFormState = { ok?: string; error?: string; needsStepUp?: boolean };

async function toState(r: ChangeResult, sessionId: string): Promise<AccountFormState> {
  if (r.ok) return { ok: r.message };
  if (r.wrongPassword) await recordSessionFailure(sessionId);
  return { error: r.message };
}

const optionalPassword = z.string().max(1024).optional().transform((v) => (v ? v : undefined));

export async function saveShippingAddress(_prev: AccountFormState, form: FormData, ...extra: unknown[]): Promise<AccountFormState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = z.object({ address: z.string().trim().min(5, "Enter a full address.").max(500), password: optionalPassword }).safeParse({ address: form.get("address"), password: form.get("password") ?? undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the address." };
  const check = await requireSensitive({ name: "shipping_address", offeredBy: "/account" });
  if (!check.ok) return { needsStepUp: true, error: check.message };
  const { session, meta } = check.ctx;
  const r = await changeShippingAddress({ userId: session.userId, sessionId: session.id }, { ...parsed.data, freshCode: hasFreshAuth(check.ctx) }, meta);
  revalidatePath("/account");
  return toState(r, session.id);
}

/** Email change: always a code entered now (never the password or the freshness window), then the new address confirms. */
export async function saveEmail(_prev: AccountFormState, form: FormData, ...extra: unknown[]): Promise<AccountFormState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const email = z.string().trim().min(3).max(254);
  const parsed = z.union([
    z.object({ email, kind: z.enum(["totp", "recovery"]), code: z.string().trim().min(1).max(64) }),
    z.object({ email, kind: z.literal("passkey"), response: z.string().min(2).max(4096) }),
  ]).safeParse({ email: form.get("email"), kind: form.get("kind") ?? "totp", code: form.get("code") ?? undefined, response: form.get("response") ?? undefined });
  if (!parsed.success) return { error: "Enter the new email address and a code from your authenticator app." };
  const check = await requireSensitive({ name: "email", offeredBy: "/account" });
  if (!check.ok) return { needsStepUp: true, error: check.message };
  const { session, meta } = check.ctx;
  const r = await requestEmailChange({ userId: session.userId, sessionId: session.id }, parsed.data, meta);
  if (!r.ok && r.suspended) redirect("/auth/ended?reason=suspended");
  if (!r.ok && r.wrongCode) await recordSessionFailure(session.id);
  return r.ok ? { ok: r.message } : { error: r.message };
}

export async function savePassword(_prev: AccountFormState, form: FormData, ...extra: unknown[]): Promise<AccountFormState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024), signOutOthers: z.boolean() }).safeParse({ current: form.get("current"), next: form.get("new"), signOutOthers: form.get("signOutOthers") === "on" });
  if (!parsed.success) return { error: "Enter your current and your new password." };
  const check = await requireSensitive({ name: "password", offeredBy: "/account" });
  if (!check.ok) return { needsStepUp: true, error: check.message };
  const { session, meta } = check.ctx;
  const r = await changePassword({ userId: session.userId, sessionId: session.id }, parsed.data, meta);
  if (r.ok && r.issued) await setSessionCookie(r.issued);
  return toState(r, session.id);
}
