import { Card } from "@/components/ui";
import { ForgotPasswordForm } from "./ForgotPasswordForm";

export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return (
    <Card title="Reset your password">
      <p className="mb-4 text-sm text-slate-600">Enter the email address of your account. We will send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="mt-4 text-sm text-slate-600">
        Remembered it? <a className="text-indigo-700 underline" href="/sign-in">Sign in</a>
      </p>
    </Card>
  );
}
