import "server-only";
// Numbers for the admin overview. Every query is bounded (time window and/or take) so the page
// stays cheap on a large table.
import { db } from "@/lib/db/client";
import { parseDetails } from "@/lib/events/describe";
import { openFlagWhere } from "./queue";

const HOUR = 3600_000;
const FLAG_EVENTS = ["risk.step_up", "risk.suspended"];

export interface HourBucket { hour: Date; byReason: Record<string, number>; total: number }
export interface Overview {
  activeSessions: number;
  openFlags: number;
  suspensions24h: number;
  /** 168 hourly buckets, oldest first. */
  flagsPerHour: HourBucket[];
  reasons: string[];
  signInsByCountry: { country: string; count: number }[];
  topPrefixes: { prefix: string; count: number }[];
  falsePositives: FalsePositiveRate[];
}
export interface FalsePositiveRate { signal: string; dismissed: number; resolved: number; rate: number }

/** The signal ids of a risk event's details (strongest first). */
export function signalIds(detailsJson: string): string[] {
  const d = parseDetails(detailsJson);
  if (!Array.isArray(d.signals)) return [];
  return (d.signals as unknown[])
    .filter((s): s is { id: string; weight?: number } => !!s && typeof s === "object" && typeof (s as { id?: unknown }).id === "string")
    .sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0))
    .map((s) => s.id);
}

/** Flag resolutions that label the flag a false positive (admin dismissal, owner's "Yes, that was me"). */
export const FALSE_POSITIVE = new Set(["dismissed", "confirmed_by_user"]);

/** false positives / all resolved flags, per signal id found in each resolved session's risk events. */
export async function falsePositiveRates(since: Date, limit = 5000): Promise<FalsePositiveRate[]> {
  const resolved = await db().session.findMany({
    where: { flagResolution: { not: null }, flagResolvedAt: { gte: since } },
    orderBy: { flagResolvedAt: "desc" },
    take: limit,
    select: { id: true, flagResolution: true },
  });
  if (resolved.length === 0) return [];
  const bySession = new Map(resolved.map((s) => [s.id, s.flagResolution]));
  const signalsOf = new Map<string, Set<string>>();
  const ids = [...bySession.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const events = await db().securityEvent.findMany({ where: { sessionId: { in: ids.slice(i, i + 500) }, type: { startsWith: "risk." } }, select: { sessionId: true, details: true } });
    for (const e of events) {
      const set = signalsOf.get(e.sessionId!) ?? new Set<string>();
      for (const id of signalIds(e.details)) set.add(id);
      signalsOf.set(e.sessionId!, set);
    }
  }
  const tally = new Map<string, { dismissed: number; resolved: number }>();
  for (const [sid, signals] of signalsOf) {
    for (const sig of signals) {
      const t = tally.get(sig) ?? { dismissed: 0, resolved: 0 };
      t.resolved++;
      // A false positive: dismissed by an admin, or the owner answered "Yes, that was me".
      if (FALSE_POSITIVE.has(bySession.get(sid) ?? "")) t.dismissed++;
      tally.set(sig, t);
    }
  }
  return [...tally].map(([signal, t]) => ({ signal, ...t, rate: t.dismissed / t.resolved })).sort((a, b) => b.resolved - a.resolved || a.signal.localeCompare(b.signal));
}

export async function loadOverview(now = new Date()): Promise<Overview> {
  const day = new Date(now.getTime() - 24 * HOUR);
  const week = new Date(now.getTime() - 168 * HOUR);
  const [activeSessions, openFlags, suspensions24h, events, countries, prefixes, falsePositives] = await Promise.all([
    db().session.count({ where: { status: { in: ["active", "flagged"] }, idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } } }),
    db().session.count({ where: openFlagWhere() }),
    db().session.count({ where: { status: "suspended", OR: [{ endedAt: { gte: day } }, { flaggedAt: { gte: day } }] } }),
    db().securityEvent.findMany({ where: { type: { in: FLAG_EVENTS }, createdAt: { gte: week } }, select: { createdAt: true, details: true }, orderBy: { createdAt: "desc" }, take: 20_000 }),
    db().session.groupBy({ by: ["country"], where: { createdAt: { gte: week } }, _count: { _all: true } }),
    db().session.groupBy({ by: ["ipPrefix"], where: { flaggedAt: { gte: week } }, _count: { _all: true }, orderBy: { _count: { ipPrefix: "desc" } }, take: 10 }),
    falsePositiveRates(new Date(now.getTime() - 90 * 24 * HOUR)),
  ]);
  const start = Math.floor(week.getTime() / HOUR) * HOUR + HOUR;
  const flagsPerHour: HourBucket[] = Array.from({ length: 168 }, (_, i) => ({ hour: new Date(start + i * HOUR), byReason: {}, total: 0 }));
  const reasons = new Set<string>();
  for (const e of events) {
    const i = Math.floor((e.createdAt.getTime() - start) / HOUR);
    const b = flagsPerHour[i];
    if (!b) continue;
    const reason = signalIds(e.details)[0] ?? "other";
    reasons.add(reason);
    b.byReason[reason] = (b.byReason[reason] ?? 0) + 1;
    b.total++;
  }
  return {
    activeSessions, openFlags, suspensions24h, flagsPerHour, reasons: [...reasons].sort(),
    signInsByCountry: countries.map((c) => ({ country: c.country ?? "Unknown / private", count: c._count._all })).sort((a, b) => b.count - a.count).slice(0, 20),
    topPrefixes: prefixes.map((p) => ({ prefix: p.ipPrefix, count: (p._count as { _all: number })._all })),
    falsePositives,
  };
}
