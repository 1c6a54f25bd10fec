"use server";
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clearPendingCookie, getPendingSignIn } from "@/lib/auth/pending";
import { verifySecondFactor } from "@/lib/auth/second-factor";
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
