"use server";
import { redirect } from "next/navigation";
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { z } from "zod";
import { clearPendingCookie, getPendingSignIn } from "@/lib/auth/pending";
import { completeEnrollment, confirmEnrollment } from "@/lib/auth/second-factor";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { requestMeta } from "@/lib/session/request-meta";
import { presentedSessionToken, setDeviceCookie, setSessionCookie } from "@/lib/session/cookie-jar";

export type EnrollState = { error?: string; restart?: boolean; recoveryCodes?: string[] };

const input = z.object({ code: z.string().trim().min(1).max(16) });

/** Proves the code and returns the recovery codes, shown once by the form (no cookie is set here). */
export async function confirmTotp(_prev: EnrollState, form: FormData, ...extra: unknown[]): Promise<EnrollState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ code: form.get("code") });
  if (!parsed.success) return { error: AUTH_ERRORS.invalid_code };
  const pending = await getPendingSignIn();
  if (!pending) return { error: AUTH_ERRORS.pending_expired, restart: true };
  const result = await confirmEnrollment(pending, parsed.data.code, await requestMeta());
  if (!result.ok) return { error: result.message, restart: result.restart };
  return { recoveryCodes: result.recoveryCodes };
}

/** After the user has seen the recovery codes: the brand-new session. */
export async function finishEnrollment(_prev: EnrollState, form: FormData, ...extra: unknown[]): Promise<EnrollState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const pending = await getPendingSignIn();
  if (!pending) return { error: AUTH_ERRORS.pending_expired, restart: true };
  const result = await completeEnrollment(pending, await requestMeta(), await presentedSessionToken());
  if (!result.ok) return { error: result.message, restart: result.restart };
  await setSessionCookie(result.issued);
  await setDeviceCookie(pending.userId);
  await clearPendingCookie();
  redirect("/account");
}
