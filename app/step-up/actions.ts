"use server";
import { BAD_ACTION_INPUT, isFormCall, isStateFormCall } from "@/lib/http/action-args";
import { redirect } from "next/navigation";
import { z } from "zod";
import { stepUp } from "@/lib/auth/step-up";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { forgiveSessionCounters, recordSessionFailure, requireSession, safeNextPath } from "@/lib/session/guard";
import { setSessionCookie } from "@/lib/session/cookie-jar";

import type { CodeFormState } from "@/components/CodeForm";
import type { PasskeyFinishState, PasskeyStartState } from "@/components/PasskeyButton";
import { authenticationOptions } from "@/lib/auth/passkeys";

const input = z.object({ kind: z.enum(["totp", "recovery"]), code: z.string().trim().min(1).max(64), next: z.string().max(512) });

export async function submitStepUp(_prev: CodeFormState, form: FormData, ...extra: unknown[]): Promise<CodeFormState> {
  if (!isStateFormCall(_prev, form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = input.safeParse({ kind: form.get("kind"), code: form.get("code"), next: form.get("next") ?? "/account" });
  if (!parsed.success) return { error: AUTH_ERRORS.invalid_code };
  const { session, meta } = await requireSession({ allowRequirement: true });
  const result = await stepUp(session, parsed.data, meta, recordSessionFailure);
  if (!result.ok && result.suspended) redirect("/auth/ended?reason=suspended");
  if (!result.ok) return { error: result.message };
  await forgiveSessionCounters(session.id);
  await setSessionCookie(result.issued);
  redirect(safeNextPath(parsed.data.next));
}

/** Step-up with a passkey, 1: request options with a challenge bound to this session. */
export async function startPasskeyStepUp(form: FormData, ...extra: unknown[]): Promise<PasskeyStartState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const { session } = await requireSession({ allowRequirement: true });
  const options = await authenticationOptions({ purpose: "stepup", userId: session.userId, sessionId: session.id });
  if (!options) return { error: "This account has no passkey. Use a code instead." };
  return { options: JSON.stringify(options) };
}

const passkeyInput = z.object({ response: z.string().min(2).max(4096), next: z.string().max(512) });

/** Step-up with a passkey, 2: the assertion → rotated token, MFA time renewed, method "passkey". */
export async function finishPasskeyStepUp(form: FormData, ...extra: unknown[]): Promise<PasskeyFinishState> {
  if (!isFormCall(form, extra)) return { error: BAD_ACTION_INPUT };
  const parsed = passkeyInput.safeParse({ response: form.get("response"), next: form.get("next") ?? "/account" });
  if (!parsed.success) return { error: BAD_ACTION_INPUT };
  const { session, meta } = await requireSession({ allowRequirement: true });
  const result = await stepUp(session, { kind: "passkey", response: parsed.data.response }, meta, recordSessionFailure);
  if (!result.ok && result.suspended) return { suspended: true };
  if (!result.ok) return { error: result.message };
  await forgiveSessionCounters(session.id);
  await setSessionCookie(result.issued);
  return { next: safeNextPath(parsed.data.next) };
}
