"use server";
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { z } from "zod";
import { completePasswordReset, RESET_MESSAGES } from "@/lib/auth/password-reset";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { requestMeta } from "@/lib/session/request-meta";
import { logger } from "@/lib/log";

export type ResetState = { done?: boolean; message?: string; error?: string; linkDead?: boolean };

const input = z.object({ token: z.string().max(128), password: z.string().max(1024) });

export async function setNewPassword(_prev: ResetState, form: FormData, ...extra: unknown[]): Promise<ResetState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ token: form.get("token"), password: form.get("password") });
  if (!parsed.success) return { error: AUTH_ERRORS.invalid_input };
  let result;
  try {
    result = await completePasswordReset(parsed.data.token, parsed.data.password, await requestMeta());
  } catch (err) {
    logger.error("password reset failed", { error: (err as Error).message });
    return { error: AUTH_ERRORS.unavailable };
  }
  if (result.ok) return { done: true, message: result.factorDiscarded ? RESET_MESSAGES.doneNewFactor : RESET_MESSAGES.done };
  return { error: result.message, linkDead: result.message === RESET_MESSAGES.invalidLink };
}
