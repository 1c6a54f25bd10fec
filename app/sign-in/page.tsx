import { SESSION_END_REASONS, isSessionEndReason } from "@/lib/session/reasons";
import { Alert, Card } from "@/components/ui";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const notice = isSessionEndReason(reason) && reason !== "missing" ? SESSION_END_REASONS[reason] : null;
  return (
    <Card title="Sign in">
      {notice && <Alert tone="info">{notice}</Alert>}
      <SignInForm />
      <p className="mt-3 text-sm"><a className="text-indigo-700 underline" href="/forgot-password">Forgot your password?</a></p>
      <p className="mt-4 text-sm text-slate-600">
        No account? <a className="text-indigo-700 underline" href="/sign-up">Create one</a>
      </p>
    </Card>
  );
}
