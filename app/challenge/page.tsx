import { currentRequirement, requireSession, safeNextPath } from "@/lib/session/guard";
import { createPowChallenge } from "@/lib/risk/challenge";
import { Card } from "@/components/ui";
import { redirect } from "next/navigation";
import { PowSolver } from "./PowSolver";

export const dynamic = "force-dynamic";

export default async function ChallengePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session } = await requireSession({ allowRequirement: true });
  const { requirement, explanation } = await currentRequirement();
  const { next } = await searchParams;
  // A puzzle is issued only when the risk engine asked for one: an unrequested solve must not
  // become a way to reset the session's counters.
  if (requirement !== "challenge") redirect(safeNextPath(next));
  const challenge = await createPowChallenge(session.id);
  return (
    <Card title="One moment">
      <p data-testid="challenge-reason" className="mb-4 text-sm text-slate-600">{explanation ?? "We asked your browser to solve a short puzzle."} Your browser is solving it now; this takes a second or two.</p>
      <PowSolver challenge={challenge} next={safeNextPath(next)} />
    </Card>
  );
}
