"use server";
import { isFormCall } from "@/lib/http/action-args";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireSensitive, requireSession, type SessionContext } from "@/lib/session/guard";
import { answerWasThisYou as answerAlert } from "@/lib/account/was-this-you";
import { markNotificationsRead } from "@/lib/notify/alerts";

export async function markAllAlertsRead(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const { session } = await requireSession();
  await markNotificationsRead(session.userId);
  revalidatePath("/account", "layout");
}

const wasThisYou = z.object({
  sessionId: z.string().min(1).max(64).regex(/^[a-z0-9]+$/i),
  answer: z.enum(["yes", "no"]),
  from: z.enum(["/account/activity", "/account/devices"]),
});

/**
 * "Was this you?" on an alert or a flagged device row (lib/account/was-this-you.ts). "Yes" labels a
 * false positive, so it passes the sensitive policy first (a flagged session steps up before it can
 * call its own flag a mistake). "No" only takes access away and is never held back: it ends that
 * session, voids the password and asks every other session, this one included, for a code.
 */
export async function answerWasThisYou(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const parsed = wasThisYou.safeParse({ sessionId: form.get("sessionId"), answer: form.get("answer"), from: form.get("from") });
  if (!parsed.success) return;
  const { sessionId, answer, from } = parsed.data;
  let ctx: SessionContext;
  if (answer === "yes") {
    const check = await requireSensitive({ name: "was_this_you", offeredBy: from });
    if (!check.ok) redirect(`/step-up?next=${encodeURIComponent(from)}`);
    ctx = check.ctx;
  } else {
    ctx = await requireSession();
  }
  const r = await answerAlert({ userId: ctx.session.userId, sessionId: ctx.session.id }, { sessionId, answer }, ctx.meta);
  revalidatePath("/account", "layout");
  // After "No" this session must step up first; then the activity log shows what happened.
  if (r.ok && answer === "no") redirect(`/step-up?next=${encodeURIComponent("/account/activity?answered=no")}`);
  redirect(r.ok ? `${from}?answered=yes` : from);
}
