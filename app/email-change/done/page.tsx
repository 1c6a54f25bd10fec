import { Alert, Card } from "@/components/ui";
import { EMAIL_CHANGE_MESSAGES } from "@/lib/account/email-change";

export const dynamic = "force-dynamic";

const TEXT = { confirmed: EMAIL_CHANGE_MESSAGES.confirmed, cancelled: EMAIL_CHANGE_MESSAGES.cancelled, unavailable: EMAIL_CHANGE_MESSAGES.unavailable, invalid: EMAIL_CHANGE_MESSAGES.invalidLink } as const;

export default async function EmailChangeDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { result } = await searchParams;
  const key = typeof result === "string" && Object.hasOwn(TEXT, result) ? (result as keyof typeof TEXT) : "invalid";
  return (
    <Card title="Email change">
      <Alert tone={key === "confirmed" || key === "cancelled" ? "info" : "error"}>{TEXT[key]}</Alert>
      {key === "cancelled" && <a className="text-indigo-700 underline" href="/forgot-password">Reset your password</a>}
    </Card>
  );
}
