"use server";
import { BAD_ACTION_INPUT, isStateFormCall } from "@/lib/http/action-args";
import { redirect } from "next/navigation";
import { z } from "zod";
import { stepUp } from "@/lib/auth/step-up";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import { forgiveSessionCounters, recordSessionFailure, requireSession, safeNextPath } from "@/lib/session/guard";
import { setSessionCookie } from "@/lib/session/cookie-jar";

import type { CodeFormState } from "@/components/CodeForm";

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
