import { currentRequirement, requireSession, safeNextPath } from "@/lib/session/guard";
import { Card } from "@/components/ui";
import { CodeForm } from "@/components/CodeForm";
import { PasskeyButton } from "@/components/PasskeyButton";
import { hasPasskey } from "@/lib/auth/passkeys";
import { finishPasskeyStepUp, startPasskeyStepUp, submitStepUp } from "./actions";

export const dynamic = "force-dynamic";

export default async function StepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session } = await requireSession({ allowRequirement: true });
  const { explanation } = await currentRequirement();
  const { next } = await searchParams;
  return (
    <Card title="Confirm it's you">
      <p data-testid="step-up-reason" className="mb-4 text-sm text-slate-600">{explanation ?? "This action needs a fresh code from your authenticator app."}</p>
      {(await hasPasskey(session.userId)) && (
        <>
          <PasskeyButton start={startPasskeyStepUp} finish={finishPasskeyStepUp} hidden={{ next: safeNextPath(next) }} label="Confirm with your passkey" />
          <p className="mb-3 text-sm text-slate-600">Or enter a code instead.</p>
        </>
      )}
      <CodeForm action={submitStepUp} submitLabel="Confirm" hidden={{ next: safeNextPath(next) }} />
    </Card>
  );
}
