import "server-only";
// The flagged-session queue: open flags, highest risk first, keyset-paginated on (riskScore, id)
// so a deep page costs the same as the first (no OFFSET).
import { db } from "@/lib/db/client";
import { describePlace } from "@/lib/geo/lookup";
import type { Prisma } from "@/generated/sqlite/client";

type Where = Prisma.SessionWhereInput;

export const QUEUE_STATUSES = ["active", "flagged", "suspended", "revoked", "expired"] as const;
export const QUEUE_RANGES = { "1h": 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400 } as const;
export type QueueRange = keyof typeof QUEUE_RANGES;

export interface QueueFilters {
  /** Substring of the flag's reason. */
  reason?: string;
  status?: (typeof QUEUE_STATUSES)[number];
  range?: QueueRange;
  /** An email (substring) or an IP address / prefix (leading part). */
  q?: string;
}

export interface QueueCursor { score: number; id: string }

export interface QueueRow {
  id: string;
  userId: string;
  email: string;
  device: string;
  userAgent: string;
  ip: string;
  ipPrefix: string;
  place: string;
  reason: string;
  status: string;
  riskScore: number;
  flaggedAt: Date | null;
}

export function encodeQueueCursor(c: QueueCursor): string {
  return Buffer.from(`${c.score}:${c.id}`).toString("base64url");
}

export function decodeQueueCursor(raw: unknown): QueueCursor | null {
  if (typeof raw !== "string" || raw.length > 120) return null;
  const m = /^(-?\d{1,9}):([a-z0-9]{1,64})$/i.exec(Buffer.from(raw, "base64url").toString("utf8"));
  return m ? { score: Number(m[1]), id: m[2]! } : null;
}

/** Parses untrusted query-string values into filters (anything unknown is dropped). */
export function parseQueueFilters(sp: Record<string, string | string[] | undefined>): QueueFilters {
  const one = (k: string) => { const v = sp[k]; return typeof v === "string" ? v.trim().slice(0, 200) : undefined; };
  const status = one("status");
  const range = one("range");
  return {
    reason: one("reason") || undefined,
    status: (QUEUE_STATUSES as readonly string[]).includes(status ?? "") ? (status as QueueFilters["status"]) : undefined,
    range: range && Object.hasOwn(QUEUE_RANGES, range) ? (range as QueueRange) : undefined,
    q: one("q") || undefined,
  };
}

const IPISH = /^[0-9a-f.:/]+$/i;

/** Open = flagged (or suspended) and not yet resolved by an admin or by the user's step-up. */
export function openFlagWhere(f: QueueFilters = {}, now = new Date()): { flagResolution: null; AND: Where[] } {
  const and: Where[] = [{ OR: [{ flaggedAt: { not: null } }, { status: "suspended" }] }];
  if (f.reason) and.push({ flagReason: { contains: f.reason } });
  if (f.status) and.push({ status: f.status });
  if (f.range) and.push({ flaggedAt: { gte: new Date(now.getTime() - QUEUE_RANGES[f.range] * 1000) } });
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!q.includes("@") && IPISH.test(q)) {
      const stem = q.replace(/\/\d+$/, "").replace(/\.0$/, ".").replace(/::$/, ":");
      and.push({ OR: [{ ip: { startsWith: stem } }, { lastIp: { startsWith: stem } }, { ipPrefix: q }] });
    } else {
      and.push({ user: { email: { contains: q } } });
    }
  }
  return { flagResolution: null, AND: and };
}

export function deviceLabel(s: { browser: string | null; browserMajor?: string | null; os: string | null; deviceType?: string }): string {
  const b = s.browser ? `${s.browser}${s.browserMajor ? ` ${s.browserMajor}` : ""}` : "Unknown browser";
  return `${b} on ${s.os ?? "an unknown system"}`;
}

export async function listFlagQueue(f: QueueFilters, cursor: QueueCursor | null, pageSize = 25, now = new Date()): Promise<{ rows: QueueRow[]; nextCursor: string | null }> {
  const where = openFlagWhere(f, now);
  const rows = await db().session.findMany({
    where: cursor
      ? { ...where, AND: [...where.AND, { OR: [{ riskScore: { lt: cursor.score } }, { riskScore: cursor.score, id: { lt: cursor.id } }] }] }
      : where,
    orderBy: [{ riskScore: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: {
      id: true, userId: true, browser: true, browserMajor: true, os: true, deviceType: true, userAgent: true, ip: true, ipPrefix: true, lastIp: true,
      city: true, country: true, flagReason: true, status: true, riskScore: true, flaggedAt: true, user: { select: { email: true } },
    },
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map((s) => ({
      id: s.id, userId: s.userId, email: s.user.email, device: deviceLabel(s), userAgent: s.userAgent, ip: s.lastIp, ipPrefix: s.ipPrefix,
      place: describePlace(s, s.lastIp), reason: s.flagReason ?? "—", status: s.status, riskScore: s.riskScore, flaggedAt: s.flaggedAt,
    })),
    nextCursor: rows.length > pageSize && last ? encodeQueueCursor({ score: last.riskScore, id: last.id }) : null,
  };
}
