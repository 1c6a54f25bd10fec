import { currentRequirement, requireSession, safeNextPath } from "@/lib/session/guard";
import { Card } from "@/components/ui";
import { CodeForm } from "@/components/CodeForm";
import { submitStepUp } from "./actions";

export const dynamic = "force-dynamic";

export default async function StepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSession({ allowRequirement: true });
  const { explanation } = await currentRequirement();
  const { next } = await searchParams;
  return (
    <Card title="Confirm it's you">
      <p data-testid="step-up-reason" className="mb-4 text-sm text-slate-600">{explanation ?? "This action needs a fresh code from your authenticator app."}</p>
      <CodeForm action={submitStepUp} submitLabel="Confirm" hidden={{ next: safeNextPath(next) }} />
    </Card>
  );
}
