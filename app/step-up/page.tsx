import { adminNeedsPasskey, currentRequirement, requireSession, safeNextPath } from "@/lib/session/guard";
import { Card } from "@/components/ui";
import { CodeForm } from "@/components/CodeForm";
import { PasskeyButton } from "@/components/PasskeyButton";
import { hasPasskey } from "@/lib/auth/passkeys";
import { finishPasskeyStepUp, startPasskeyStepUp, submitStepUp } from "./actions";

export const dynamic = "force-dynamic";

export default async function StepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireSession({ allowRequirement: true });
  const { session } = ctx;
  const { explanation } = await currentRequirement();
  const { next } = await searchParams;
  const passkey = await hasPasskey(session.userId);
  // REQUIRE_PASSKEY_FOR_ADMINS: the console takes only a passkey, so a code is not offered for it.
  const passkeyOnly = safeNextPath(next).startsWith("/admin") && (await adminNeedsPasskey(ctx));
  return (
    <Card title="Confirm it's you">
      <p data-testid="step-up-reason" className="mb-4 text-sm text-slate-600">{explanation ?? "This action needs a fresh code from your authenticator app."}</p>
      {passkeyOnly && <p data-testid="admin-passkey-only" className="mb-4 text-sm text-slate-600">Administrators with a passkey confirm with it: a code cannot open the admin console.</p>}
      {passkey && <PasskeyButton start={startPasskeyStepUp} finish={finishPasskeyStepUp} hidden={{ next: safeNextPath(next) }} label="Confirm with your passkey" />}
      {passkey && !passkeyOnly && <p className="mb-3 text-sm text-slate-600">Or enter a code instead.</p>}
      {!passkeyOnly && <CodeForm action={submitStepUp} submitLabel="Confirm" hidden={{ next: safeNextPath(next) }} />}
    </Card>
  );
}
