import { redirect } from "next/navigation";
import { getPendingSignIn } from "@/lib/auth/pending";
import { Card } from "@/components/ui";
import { CodeForm } from "@/components/CodeForm";
import { PasskeyButton } from "@/components/PasskeyButton";
import { hasPasskey } from "@/lib/auth/passkeys";
import { finishPasskeySignIn, startPasskeySignIn, submitSecondFactor } from "./actions";

export const dynamic = "force-dynamic";

// Reachable only with a live pending sign-in (the password step); it grants nothing else.
export default async function MfaPage() {
  const pending = await getPendingSignIn();
  if (!pending) redirect("/sign-in");
  if (pending.purpose === "enroll") redirect("/account/security/totp");
  // A passkey, when the account has one, is offered first: it cannot be relayed by a phishing proxy.
  const passkey = await hasPasskey(pending.userId);
  return (
    <Card title="Two-step verification">
      {passkey && (
        <>
          <p className="mb-3 text-sm text-slate-600">Use your passkey (this device&apos;s screen lock or your security key).</p>
          <PasskeyButton start={startPasskeySignIn} finish={finishPasskeySignIn} label="Use your passkey" />
          <p className="mb-3 text-sm text-slate-600">Or enter a code instead.</p>
        </>
      )}
      {!passkey && <p className="mb-4 text-sm text-slate-600">Enter the 6-digit code from your authenticator app.</p>}
      <CodeForm action={submitSecondFactor} submitLabel="Verify" />
    </Card>
  );
}
