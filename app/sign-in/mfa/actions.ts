"use server";
import { BAD_ACTION_INPUT, isFormCall, isStateFormCall } from "@/lib/http/action-args";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clearPendingCookie, getPendingSignIn } from "@/lib/auth/pending";
import { verifyPasskeySecondFactor, verifySecondFactor } from "@/lib/auth/second-factor";
import { authenticationOptions } from "@/lib/auth/passkeys";
import type { PasskeyFinishState, PasskeyStartState } from "@/components/PasskeyButton";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { requestMeta } from "@/lib/session/request-meta";
import { presentedSessionToken, setDeviceCookie, setSessionCookie } from "@/lib/session/cookie-jar";

import type { CodeFormState } from "@/components/CodeForm";

const input = z.object({ kind: z.enum(["totp", "recovery"]), code: z.string().trim().min(1).max(64) });

export async function submitSecondFactor(_prev: CodeFormState, form: FormData, ...extra: unknown[]): Promise<CodeFormState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ kind: form.get("kind"), code: form.get("code") });
  if (!parsed.success) return { error: AUTH_ERRORS.invalid_code };
  const pending = await getPendingSignIn();
  if (!pending) return { error: AUTH_ERRORS.pending_expired, restart: true };
  const result = await verifySecondFactor(pending, parsed.data, await requestMeta(), await presentedSessionToken());
  if (!result.ok) return { error: result.message, restart: result.restart };
  await setSessionCookie(result.issued);
  await setDeviceCookie(pending.userId);
  await clearPendingCookie();
  redirect("/account");
}

/** Passkey as the second step, 1: request options with a challenge bound to this pending sign-in. */
export async function startPasskeySignIn(form: FormData, ...extra: unknown[]): Promise<PasskeyStartState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const pending = await getPendingSignIn();
  if (!pending || pending.purpose !== "mfa") return { error: AUTH_ERRORS.pending_expired, restart: true };
  const options = await authenticationOptions({ purpose: "signin", userId: pending.userId, pendingId: pending.pendingId });
  if (!options) return { error: "This account has no passkey. Use a code instead." };
  return { options: JSON.stringify(options) };
}

/** Passkey as the second step, 2: the assertion → the session of record (mfaMethod "passkey"). */
export async function finishPasskeySignIn(form: FormData, ...extra: unknown[]): Promise<PasskeyFinishState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const response = z.string().min(2).max(4096).safeParse(form.get("response"));
  if (!response.success) return { error: BAD_ACTION_INPUT };
  const pending = await getPendingSignIn();
  if (!pending) return { error: AUTH_ERRORS.pending_expired, restart: true };
  const result = await verifyPasskeySecondFactor(pending, response.data, await requestMeta(), await presentedSessionToken());
  if (!result.ok) return { error: result.message, restart: result.restart };
  await setSessionCookie(result.issued);
  await setDeviceCookie(pending.userId);
  await clearPendingCookie();
  return { next: "/account" };
}
