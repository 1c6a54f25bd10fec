import "server-only";
// Session and user detail for the admin console: display rows only (never token hashes).
import { db } from "@/lib/db/client";
import { ipPrefix } from "@/lib/session/ip";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";
import { describeEvent, parseDetails } from "@/lib/events/describe";
import { describeUserAgent } from "@/lib/session/user-agent";
import { deviceLabel } from "./queue";

export interface EvidenceSignal { id: string; weight: number | null; reason: string | null; value: string }
export interface EvidenceItem { id: string; at: Date; type: string; text: string; ip: string; place: string; userAgent: string; score: number | null; policy: string | null; signals: EvidenceSignal[] }

const SESSION_SELECT = {
  id: true, userId: true, createdAt: true, lastSeenAt: true, idleExpiresAt: true, absoluteExpiresAt: true, mfaAt: true, mfaMethod: true, role: true,
  ip: true, ipPrefix: true, lastIp: true, userAgent: true, browser: true, browserMajor: true, os: true, deviceType: true, country: true, city: true,
  status: true, requiredAction: true, riskScore: true, flaggedAt: true, flagReason: true, flagResolution: true, flagResolvedAt: true, flagResolvedBy: true,
  endedAt: true, endedBy: true, endedReason: true,
} as const;

function signalsOf(details: Record<string, unknown>): EvidenceSignal[] {
  if (!Array.isArray(details.signals)) return [];
  return (details.signals as unknown[]).flatMap((raw) => {
    if (!raw || typeof raw !== "object") return [];
    const { id, weight, reason, ...rest } = raw as Record<string, unknown>;
    if (typeof id !== "string") return [];
    return [{ id, weight: typeof weight === "number" ? weight : null, reason: typeof reason === "string" ? reason : null, value: Object.keys(rest).length ? JSON.stringify(rest) : "" }];
  });
}

export function sessionStatusLabel(s: { status: string; flaggedAt: Date | null; flagResolution: string | null }): string {
  if (s.flagResolution) return `${s.status} (flag ${s.flagResolution})`;
  return s.flaggedAt && s.status !== "suspended" ? `${s.status} (flag open)` : s.status;
}

export async function loadSessionDetail(sessionId: string) {
  const s = await db().session.findUnique({ where: { id: sessionId }, select: { ...SESSION_SELECT, user: { select: { id: true, email: true, role: true, lockedAt: true } } } });
  if (!s) return null;
  const [events, others] = await Promise.all([
    db().securityEvent.findMany({ where: { sessionId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500, select: { id: true, type: true, ip: true, userAgent: true, details: true, createdAt: true } }),
    db().session.findMany({ where: { userId: s.userId, id: { not: s.id } }, orderBy: { lastSeenAt: "desc" }, take: 50, select: SESSION_SELECT }),
  ]);
  const evidence: EvidenceItem[] = events.map((e) => {
    const d = parseDetails(e.details);
    return {
      id: e.id, at: e.createdAt, type: e.type, text: describeEvent(e.type, d), ip: e.ip ?? "—", place: e.ip ? describePlace(lookupPlace(e.ip), e.ip) : "—",
      userAgent: e.userAgent ?? "", score: typeof d.score === "number" ? d.score : null, policy: typeof d.policy === "string" ? d.policy : null, signals: signalsOf(d),
    };
  });
  const latestUa = [...events].reverse().find((e) => e.userAgent)?.userAgent ?? null;
  const latestClient = latestUa ? describeUserAgent(latestUa) : null;
  return {
    session: { ...s, device: deviceLabel(s) },
    user: s.user,
    binding: {
      origin: { ip: s.ip, prefix: s.ipPrefix, userAgent: s.userAgent, device: deviceLabel(s), place: describePlace(s, s.ip) },
      latest: {
        ip: s.lastIp,
        prefix: ipPrefix(s.lastIp),
        userAgent: latestUa ?? s.userAgent,
        device: latestClient ? deviceLabel(latestClient) : deviceLabel(s),
        place: describePlace(lookupPlace(s.lastIp), s.lastIp),
      },
    },
    evidence,
    others: others.map((o) => ({ ...o, device: deviceLabel(o), place: describePlace(o, o.lastIp) })),
  };
}

export async function loadUserDetail(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, lockedAt: true, lockedReason: true, createdAt: true } });
  if (!user) return null;
  const [sessions, events] = await Promise.all([
    db().session.findMany({ where: { userId }, orderBy: { lastSeenAt: "desc" }, take: 100, select: SESSION_SELECT }),
    db().securityEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 30, select: { id: true, type: true, ip: true, details: true, createdAt: true, sessionId: true } }),
  ]);
  return {
    user,
    sessions: sessions.map((s) => ({ ...s, device: deviceLabel(s), place: describePlace(s, s.lastIp), live: s.status === "active" || s.status === "flagged" })),
    events: events.map((e) => ({ id: e.id, at: e.createdAt, type: e.type, text: describeEvent(e.type, parseDetails(e.details)), ip: e.ip ?? "—", sessionId: e.sessionId })),
  };
}
