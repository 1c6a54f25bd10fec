import { Card } from "@/components/ui";
import { SignUpForm } from "./SignUpForm";

export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return (
    <Card title="Create your account">
      <p className="mb-4 text-sm text-slate-600">We mail a link to the address first; after you open it, you sign in and set up an authenticator app, which every sign-in needs.</p>
      <SignUpForm />
    </Card>
  );
}
