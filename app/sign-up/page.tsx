import { Card } from "@/components/ui";
import { SignUpForm } from "./SignUpForm";

export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return (
    <Card title="Create your account">
      <p className="mb-4 text-sm text-slate-600">You will set up an authenticator app next; it is required for every sign-in.</p>
      <SignUpForm />
    </Card>
  );
}
