import "server-only";
// Stores a decision above "allow" and puts its consequence on the session row (so it holds on
// every instance and survives restarts): a required step-up or challenge, a flag for the admin
// queue, or a suspension. Only escalations write; the common "allow" path never does.
import { db } from "@/lib/db/client";
import { recordEvent, type SecurityEventType } from "@/lib/events/record";
import { notifyUser } from "@/lib/notify/alerts";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";
import type { RequestMeta } from "@/lib/session/store";
import type { ValidSession } from "@/lib/session/validate";
import type { Decision } from "./policy";
import { riskDeps } from "./runtime";

const EVENT: Record<Exclude<Decision["action"], "allow">, SecurityEventType> = {
  log: "risk.logged",
  step_up: "risk.step_up",
  challenge: "risk.challenge",
  suspend: "risk.suspended",
};

export async function applyDecision(session: ValidSession, d: Decision, meta: RequestMeta, opts: { persistRequirement: boolean } = { persistRequirement: true }): Promise<void> {
  if (d.action === "allow") return;
  const now = new Date();
  // The same signals on every request of a roaming user would flood the log: once per 10 minutes.
  const key = `log:${session.id}:${d.policy}:${d.signals.map((s) => s.id).sort().join(",")}`;
  const fresh = await riskDeps().store.once(key, now.getTime(), 10 * 60 * 1000);
  if (d.action === "log" && !fresh) return;
  const details = { policy: d.policy, score: d.score, kind: d.kind, signals: d.signals.map((s) => ({ id: s.id, weight: s.weight, ...s.value })), explanation: d.explanation, path: meta.path };
  if (fresh || d.action !== "log") await recordEvent({ type: EVENT[d.action], userId: session.userId, sessionId: session.id, ip: meta.ip, userAgent: meta.userAgent, details });
  if (d.action === "log" || !opts.persistRequirement) return;

  const live = { id: session.id, status: { in: ["active", "flagged"] } };
  if (d.action === "suspend") {
    await db().session.updateMany({ where: live, data: { status: "suspended", requiredAction: null, riskScore: d.score, flaggedAt: now, flagReason: d.explanation, endedAt: now, endedBy: "system", endedReason: "suspended" } });
  } else {
    const identity = d.action === "step_up";
    await db().session.updateMany({
      where: live,
      data: { requiredAction: d.action, riskScore: d.score, ...(identity ? { status: "flagged", flaggedAt: now, flagReason: d.explanation } : {}) },
    });
  }
  if (d.action === "suspend" || d.action === "step_up") {
    const ua = riskDeps().describeUa(meta.userAgent, meta.hints);
    await notifyUser({
      userId: session.userId,
      kind: "session_flagged",
      sessionId: session.id,
      context: { browser: ua.browser, os: ua.os, ip: meta.ip, place: describePlace(lookupPlace(meta.ip), meta.ip), at: now },
    });
  }
}
