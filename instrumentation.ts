// Runs once when the Next server starts: mail left in the outbox by an earlier process (SMTP was
// down, or the process stopped) goes out without waiting for the next new mail.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") (await import("@/lib/notify/mail")).startMailDelivery();
}
