"use server";
import { BAD_ACTION_INPUT, isFormCall } from "@/lib/http/action-args";
import { z } from "zod";
import { signUp as signUpAccount } from "@/lib/auth/sign-up";
import { signUpThrottle } from "@/lib/auth/rate-limit";
import { requestMeta } from "@/lib/session/request-meta";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { retryMessage } from "@/lib/auth/rate-limit";

export type SignUpState = { ok?: boolean; message?: string; error?: string };

const input = z.object({ email: z.string().max(254), password: z.string().max(1024) });

/**
 * Creates the account, unusable until the mailed link proves the mailbox. The answer is the same
 * for a new and a taken address ("check your mail"); nothing signs in from here.
 */
export async function signUp(form: FormData, ...extra: unknown[]): Promise<SignUpState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { error: AUTH_ERRORS.invalid_input };
  const meta = await requestMeta();
  const t = await signUpThrottle.hit(meta.ip);
  if (!t.allowed) return { error: retryMessage(t.retryAfterSec) };
  const result = await signUpAccount(parsed.data, meta);
  return result.ok ? { ok: true, message: result.message } : { error: result.message };
}
