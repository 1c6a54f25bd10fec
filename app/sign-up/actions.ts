"use server";
import { BAD_ACTION_INPUT, isFormCall } from "@/lib/http/action-args";
import { z } from "zod";
import { createUser } from "@/lib/auth/users";
import { signUpThrottle } from "@/lib/auth/rate-limit";
import { recordEvent } from "@/lib/events/record";
import { requestMeta } from "@/lib/session/request-meta";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { retryMessage } from "@/lib/auth/rate-limit";

export type SignUpState = { ok?: boolean; error?: string };

const input = z.object({ email: z.string().max(254), password: z.string().max(1024) });

/** Creates the account only; the client then runs the password step to reach TOTP enrolment. */
export async function signUp(form: FormData, ...extra: unknown[]): Promise<SignUpState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { error: AUTH_ERRORS.invalid_input };
  const meta = await requestMeta();
  const t = await signUpThrottle.hit(meta.ip);
  if (!t.allowed) return { error: retryMessage(t.retryAfterSec) };
  const result = await createUser(parsed.data);
  if (!result.ok) return { error: result.message };
  await recordEvent({ type: "signup", userId: result.userId, ip: meta.ip, userAgent: meta.userAgent });
  return { ok: true };
}
