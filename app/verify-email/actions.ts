"use server";
// The sign-up mail's link (lib/auth/sign-up.ts). Opening the link only shows a button (mail
// scanners that prefetch links spend nothing); this POST proves the mailbox. No session needed.
import { redirect } from "next/navigation";
import { z } from "zod";
import { isFormCall } from "@/lib/http/action-args";
import { confirmMailbox } from "@/lib/auth/sign-up";
import { requestMeta } from "@/lib/session/request-meta";

const token = z.string().min(1).max(128);

export async function confirmMailboxAction(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const t = token.safeParse(form.get("token"));
  const r = t.success ? await confirmMailbox(t.data, await requestMeta()) : { ok: false };
  redirect(`/verify-email/done?result=${r.ok ? "confirmed" : "invalid"}`);
}
