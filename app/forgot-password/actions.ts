"use server";
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { z } from "zod";
import { requestPasswordReset, RESET_MESSAGES } from "@/lib/auth/password-reset";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { requestMeta } from "@/lib/session/request-meta";
import { logger } from "@/lib/log";
import { cookies } from "next/headers";
import { DEVICE_COOKIE } from "@/lib/auth/device-cookie";

export type ForgotState = { done?: boolean; message?: string; error?: string };

const input = z.object({ email: z.string().trim().min(1).max(254) });

/** Same answer for every address (no account enumeration); the mail is the only signal. */
export async function requestReset(_prev: ForgotState, form: FormData, ...extra: unknown[]): Promise<ForgotState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ email: form.get("email") });
  if (!parsed.success) return { error: "Enter your email address." };
  try {
    await requestPasswordReset(parsed.data.email, await requestMeta(), { deviceCookie: (await cookies()).get(DEVICE_COOKIE)?.value });
  } catch (err) {
    logger.error("password reset request failed", { error: (err as Error).message });
    return { error: AUTH_ERRORS.unavailable };
  }
  return { done: true, message: RESET_MESSAGES.requested };
}
