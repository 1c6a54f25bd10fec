import { SESSION_END_REASONS, isSessionEndReason } from "@/lib/session/reasons";
import { Alert, Card } from "@/components/ui";
import { SignInForm } from "./SignInForm";
import { PasskeyButton } from "@/components/PasskeyButton";
import { finishPasswordlessSignIn, startPasswordlessSignIn } from "./passkey-actions";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const notice = isSessionEndReason(reason) && reason !== "missing" ? SESSION_END_REASONS[reason] : null;
  return (
    <Card title="Sign in">
      {notice && <Alert tone="info">{notice}</Alert>}
      <SignInForm />
      <div className="mt-6 border-t border-slate-200 pt-4">
        <p className="mb-3 text-sm text-slate-600">Or, with a passkey on this device or a security key (no password needed):</p>
        <PasskeyButton start={startPasswordlessSignIn} finish={finishPasswordlessSignIn} label="Sign in with a passkey" cancelHint="Try again, or sign in with your password." />
      </div>
      <p className="mt-3 text-sm"><a className="text-indigo-700 underline" href="/forgot-password">Forgot your password?</a></p>
      <p className="mt-4 text-sm text-slate-600">
        No account? <a className="text-indigo-700 underline" href="/sign-up">Create one</a>
      </p>
    </Card>
  );
}
