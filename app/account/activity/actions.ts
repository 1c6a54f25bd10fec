"use server";
import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/session/guard";
import { markNotificationsRead } from "@/lib/notify/alerts";

export async function markAllAlertsRead(): Promise<void> {
  const { session } = await requireSession();
  await markNotificationsRead(session.userId);
  revalidatePath("/account", "layout");
}
