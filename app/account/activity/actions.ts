"use server";
import { isFormCall } from "@/lib/http/action-args";
import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/session/guard";
import { markNotificationsRead } from "@/lib/notify/alerts";

export async function markAllAlertsRead(form: FormData, ...extra: unknown[]): Promise<void> {
  if (!isFormCall(form, extra)) return;
  const { session } = await requireSession();
  await markNotificationsRead(session.userId);
  revalidatePath("/account", "layout");
}
