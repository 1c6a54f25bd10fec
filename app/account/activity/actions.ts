"use server";
import { isBareCall } from "@/lib/http/action-args";
import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/session/guard";
import { markNotificationsRead } from "@/lib/notify/alerts";

export async function markAllAlertsRead(form?: FormData): Promise<void> {
  if (!isBareCall(form)) return;
  const { session } = await requireSession();
  await markNotificationsRead(session.userId);
  revalidatePath("/account", "layout");
}
