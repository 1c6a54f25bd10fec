"use server";
// The two mail links of an email change (lib/account/email-change.ts). Opening a link only shows
// a button (mail scanners that prefetch links spend nothing); the POST does the work. No session
// is needed: the link is the proof of the mailbox.
import { redirect } from "next/navigation";
import { z } from "zod";
import { isFormCall } from "@/lib/http/action-args";
import { cancelEmailChange, confirmEmailChange, EMAIL_CHANGE_MESSAGES } from "@/lib/account/email-change";
import { requestMeta } from "@/lib/session/request-meta";

const token = z.string().min(1).max(128);

export async function confirmAction(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const t = token.safeParse(form.get("token"));
  const r = t.success ? await confirmEmailChange(t.data, await requestMeta()) : { ok: false, message: EMAIL_CHANGE_MESSAGES.invalidLink };
  redirect(`/email-change/done?result=${r.ok ? "confirmed" : r.message === EMAIL_CHANGE_MESSAGES.unavailable ? "unavailable" : "invalid"}`);
}

export async function cancelAction(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const t = token.safeParse(form.get("token"));
  const r = t.success ? await cancelEmailChange(t.data, await requestMeta()) : { ok: false };
  redirect(`/email-change/done?result=${r.ok ? "cancelled" : "invalid"}`);
}
