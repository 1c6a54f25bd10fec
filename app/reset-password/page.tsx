import { Alert, Card } from "@/components/ui";
import { isResetTokenUsable, RESET_MESSAGES } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "./ResetPasswordForm";

export const dynamic = "force-dynamic";

// The token is in this page's URL only (the mail link); the app sends Referrer-Policy:
// no-referrer, and the page loads nothing from other origins, so it does not travel further.
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  if (!(await isResetTokenUsable(value))) {
    return (
      <Card title="Reset link not valid">
        <Alert>{RESET_MESSAGES.invalidLink}</Alert>
        <a className="text-indigo-700 underline" href="/forgot-password">Request a new link</a>
      </Card>
    );
  }
  return (
    <Card title="Choose a new password">
      <p className="mb-4 text-sm text-slate-600">After this, every session of your account is signed out. Signing in still needs your authentication code.</p>
      <ResetPasswordForm token={value} />
    </Card>
  );
}
