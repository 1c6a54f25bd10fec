import "server-only";
// Why the engine asked for a step-up or a challenge: the explanation stored with its decision
// (read only by the step-up and challenge pages, never on the hot path).
import { db } from "@/lib/db/client";
import { parseDetails } from "@/lib/events/describe";

export async function latestRiskExplanation(sessionId: string, type: "risk.step_up" | "risk.challenge"): Promise<string | null> {
  const e = await db().securityEvent.findFirst({ where: { sessionId, type }, orderBy: { createdAt: "desc" }, select: { details: true } });
  const explanation = e ? parseDetails(e.details).explanation : null;
  return typeof explanation === "string" ? explanation : null;
}
