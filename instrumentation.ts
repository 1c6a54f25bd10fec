// Runs once when the Next server starts: mail left in the outbox by an earlier process (SMTP was
// down, or the process stopped) goes out without waiting for the next new mail, and the retention
// purge starts on its timer.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("@/lib/notify/mail")).startMailDelivery();
  (await import("@/lib/session/purge-timer")).startConfiguredPurgeTimer();
}
