import { Alert, Card } from "@/components/ui";
import { SIGN_UP_MESSAGES } from "@/lib/auth/sign-up";

export const dynamic = "force-dynamic";

export default async function VerifyEmailDonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { result } = await searchParams;
  const ok = result === "confirmed";
  return (
    <Card title="Email address">
      <Alert tone={ok ? "info" : "error"}>{ok ? SIGN_UP_MESSAGES.confirmed : SIGN_UP_MESSAGES.invalidLink}</Alert>
      <a className="text-indigo-700 underline" href="/sign-in">Sign in</a>
    </Card>
  );
}
