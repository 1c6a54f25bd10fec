import "server-only";
// The signed-in user's own sessions, as display rows (no token hashes leave this module), and the
// owner-only ways to end them. Every query is scoped by userId: a forged session id of another
// user matches nothing.
import { db } from "@/lib/db/client";
import { describePlace } from "@/lib/geo/lookup";
import { endAllSessions, endSession } from "./store";

export interface DeviceRow {
  id: string;
  current: boolean;
  deviceType: string;
  browser: string | null;
  browserMajor: string | null;
  os: string | null;
  ip: string;
  place: string;
  createdAt: Date;
  lastSeenAt: Date;
  mfaMethod: string;
  flagged: boolean;
  /** Flagged and not yet answered or reviewed: the row asks "Was this you?". */
  flagOpen: boolean;
}

export interface EndedRow extends Omit<DeviceRow, "current" | "flagged" | "flagOpen"> {
  endedAt: Date | null;
  how: string;
}

const ROW = {
  id: true, deviceType: true, browser: true, browserMajor: true, os: true, lastIp: true, city: true, country: true,
  createdAt: true, lastSeenAt: true, mfaMethod: true, status: true, flagResolution: true, endedAt: true, endedBy: true, endedReason: true,
} as const;

export function howItEnded(status: string, endedBy: string | null, endedReason: string | null): string {
  if (status === "expired") return endedReason === "absolute" ? "Reached its maximum length" : "Expired after inactivity";
  switch (endedReason) {
    case "signed_out": return "Signed out";
    case "superseded_by_sign_in": return "Replaced by a new sign-in on this browser";
    case "password_reset": return "Ended by a password reset";
    case "locked": return "Ended when the account was locked";
    case "role_changed": return "Ended by a role change";
    case "disowned_by_user": return "Signed out: you said it was not you";
  }
  if (endedBy === "admin") return "Signed out by an administrator";
  if (endedBy === "system") return "Signed out for security reasons";
  return "Signed out from another device";
}

export async function listDevices(userId: string, currentSessionId: string, now = new Date()): Promise<{ active: DeviceRow[]; ended: EndedRow[] }> {
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const [live, ended] = await Promise.all([
    db().session.findMany({ where: { userId, status: { in: ["active", "flagged"] }, idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } }, select: ROW, orderBy: { lastSeenAt: "desc" }, take: 200 }),
    db().session.findMany({
      where: { userId, OR: [{ status: { in: ["revoked", "expired"] }, endedAt: { gte: since } }, { status: { in: ["active", "flagged"] }, OR: [{ idleExpiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }], lastSeenAt: { gte: since } }] },
      select: { ...ROW, idleExpiresAt: true, absoluteExpiresAt: true },
      orderBy: { lastSeenAt: "desc" },
      take: 100,
    }),
  ]);
  const base = (s: (typeof live)[number]) => ({
    id: s.id, deviceType: s.deviceType, browser: s.browser, browserMajor: s.browserMajor, os: s.os, ip: s.lastIp,
    place: describePlace(s, s.lastIp), createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, mfaMethod: s.mfaMethod,
  });
  return {
    active: live.map((s) => ({ ...base(s), current: s.id === currentSessionId, flagged: s.status === "flagged", flagOpen: s.status === "flagged" && s.flagResolution === null })),
    ended: ended.map((s) => {
      // A session past its timeout that nobody touched since is still "active" in the table.
      const lapsed = s.status === "active" || s.status === "flagged";
      const reason = lapsed ? (s.absoluteExpiresAt <= now ? "absolute" : "idle") : s.endedReason;
      return { ...base(s), endedAt: lapsed ? (s.absoluteExpiresAt <= now ? s.absoluteExpiresAt : s.idleExpiresAt) : s.endedAt, how: howItEnded(lapsed ? "expired" : s.status, s.endedBy, reason) };
    }),
  };
}

/** Ends one of the user's own sessions; false if it is not theirs or already ended. */
export function endOwnSession(userId: string, sessionId: string, reason: string): Promise<boolean> {
  return endSession(sessionId, { by: "user", reason, userId });
}

export function endOwnSessions(userId: string, opts: { exceptSessionId?: string; reason: string }): Promise<number> {
  return endAllSessions(userId, { by: "user", reason: opts.reason, exceptSessionId: opts.exceptSessionId });
}
