import { redirect } from "next/navigation";
import { getPendingSignIn } from "@/lib/auth/pending";
import { Card } from "@/components/ui";
import { CodeForm } from "@/components/CodeForm";
import { submitSecondFactor } from "./actions";

export const dynamic = "force-dynamic";

// Reachable only with a live pending sign-in (the password step); it grants nothing else.
export default async function MfaPage() {
  const pending = await getPendingSignIn();
  if (!pending) redirect("/sign-in");
  if (pending.purpose === "enroll") redirect("/account/security/totp");
  return (
    <Card title="Two-step verification">
      <p className="mb-4 text-sm text-slate-600">Enter the 6-digit code from your authenticator app.</p>
      <CodeForm action={submitSecondFactor} submitLabel="Verify" />
    </Card>
  );
}
