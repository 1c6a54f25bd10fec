"use server";
import { isFormCall } from "@/lib/http/action-args";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/session/guard";
import { endSession } from "@/lib/session/store";
import { clearSessionCookie } from "@/lib/session/cookie-jar";
import { recordEvent } from "@/lib/events/record";

/** Ends the session row on the server first; clearing the cookie is only tidiness. */
export async function signOut(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const ctx = await getCurrentSession();
  if (ctx) {
    await endSession(ctx.session.id, { by: "user", reason: "signed_out" });
    await recordEvent({ type: "session.signed_out", userId: ctx.session.userId, sessionId: ctx.session.id, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent });
  }
  await clearSessionCookie();
  redirect("/sign-in?reason=signed_out");
}
