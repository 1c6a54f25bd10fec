import "server-only";
// The user's own security log, newest first, keyset-paginated (stable under new inserts).
import { db } from "@/lib/db/client";
import { describePlace, lookupPlace } from "@/lib/geo/lookup";
import { describeUserAgent } from "@/lib/session/user-agent";
import { describeEvent, parseDetails } from "./describe";

export interface ActivityItem { id: string; at: Date; text: string; device: string; ip: string; place: string; warning: boolean }
export interface ActivityPage { items: ActivityItem[]; nextCursor: string | null }

const WARN = /failed|throttled|replay|revoked|locked|new_device|reset/;

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}:${id}`).toString("base64url");
}

export function decodeCursor(raw: unknown): { at: Date; id: string } | null {
  if (typeof raw !== "string" || raw.length > 100) return null;
  const m = /^(\d{1,15}):([a-z0-9]{1,40})$/i.exec(Buffer.from(raw, "base64url").toString("utf8"));
  return m ? { at: new Date(Number(m[1])), id: m[2]! } : null;
}

export async function listActivity(userId: string, cursor: { at: Date; id: string } | null, pageSize = 20): Promise<ActivityPage> {
  const rows = await db().securityEvent.findMany({
    where: { userId, ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: { id: true, type: true, ip: true, userAgent: true, details: true, createdAt: true },
  });
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const ua = describeUserAgent(r.userAgent ?? "");
      return {
        id: r.id,
        at: r.createdAt,
        text: describeEvent(r.type, parseDetails(r.details)),
        device: ua.browser ? `${ua.browser}${ua.browserMajor ? ` ${ua.browserMajor}` : ""} on ${ua.os ?? "unknown system"}` : r.userAgent ? "Unrecognised client" : "—",
        ip: r.ip ?? "—",
        place: r.ip ? describePlace(lookupPlace(r.ip), r.ip) : "—",
        warning: WARN.test(r.type),
      };
    }),
    nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
