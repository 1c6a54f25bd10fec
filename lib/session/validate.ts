import "server-only";
// The core of every request's session check: token → session of record, in one indexed read
// (lib/session/lookup.ts, through the plain driver).
// Writes happen only when something changed: an expiry, or the coalesced last-seen touch.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { hashToken, isWellFormedToken } from "./token";
import { findSessionByTokenHash } from "./lookup";
import { reasonForEndedSession, type SessionEndReason } from "./reasons";
import type { RequestMeta } from "./store";

export interface ValidSession {
  id: string;
  userId: string;
  role: string;
  createdAt: Date;
  lastSeenAt: Date;
  mfaAt: Date;
  mfaMethod: string;
  status: string;
  ip: string;
  ipPrefix: string;
  uaHash: string;
  browser: string | null;
  os: string | null;
  absoluteExpiresAt: Date;
  /** Address and time of the previous request, before this one touched the row. */
  prevIp: string;
  prevSeenAt: Date;
  startedInBrowser: boolean;
  /** Set by the risk engine: "step_up" | "challenge" | null. */
  requiredAction: string | null;
}

export type ValidationResult =
  | { ok: true; session: ValidSession }
  | { ok: false; reason: SessionEndReason; sessionId?: string; userId?: string };

/** Raised when the session store cannot answer; callers must fail closed (503). */
export class SessionStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super("session store unavailable", { cause });
    this.name = "SessionStoreUnavailableError";
  }
}

/** How often last-seen is written: the configured interval, but often enough for short idle limits. */
function touchIntervalMs(): number {
  const c = config();
  return Math.min(c.SESSION_TOUCH_INTERVAL_SECONDS, c.SESSION_IDLE_TIMEOUT_SECONDS / 4) * 1000;
}

export async function validateSessionToken(token: string | undefined, meta: RequestMeta, now = new Date()): Promise<ValidationResult> {
  if (token === undefined || token === "") return { ok: false, reason: "missing" };
  if (!isWellFormedToken(token)) return { ok: false, reason: "malformed" };

  let row;
  try {
    row = await findSessionByTokenHash(hashToken(token));
  } catch (err) {
    throw new SessionStoreUnavailableError(err);
  }
  if (!row) return { ok: false, reason: "unknown" };
  const ids = { sessionId: row.id, userId: row.userId };
  if (row.status !== "active" && row.status !== "flagged") {
    return { ok: false, reason: reasonForEndedSession(row.status, row.endedBy, row.endedReason), ...ids };
  }

  const t = now.getTime();
  const expired = t >= row.absoluteExpiresAt.getTime() ? "absolute" : t >= row.idleExpiresAt.getTime() ? "idle" : null;
  if (expired) {
    try {
      await db().session.updateMany({
        where: { id: row.id, status: row.status },
        data: { status: "expired", endedAt: now, endedBy: "system", endedReason: expired },
      });
    } catch (err) {
      throw new SessionStoreUnavailableError(err);
    }
    return { ok: false, reason: expired === "absolute" ? "expired_absolute" : "expired_idle", ...ids };
  }

  let lastSeenAt = row.lastSeenAt;
  if (t - row.lastSeenAt.getTime() >= touchIntervalMs() || row.lastIp !== meta.ip) {
    const idleExpiresAt = new Date(Math.min(t + config().SESSION_IDLE_TIMEOUT_SECONDS * 1000, row.absoluteExpiresAt.getTime()));
    try {
      // Guarded by status so a revoke that lands between the read and this write still wins.
      await db().session.updateMany({
        where: { id: row.id, status: { in: ["active", "flagged"] } },
        data: { lastSeenAt: now, idleExpiresAt, lastIp: meta.ip },
      });
    } catch (err) {
      throw new SessionStoreUnavailableError(err);
    }
    lastSeenAt = now;
  }

  return {
    ok: true,
    session: {
      id: row.id, userId: row.userId, role: row.role, createdAt: row.createdAt, lastSeenAt, mfaAt: row.mfaAt,
      mfaMethod: row.mfaMethod, status: row.status, ip: row.ip, ipPrefix: row.ipPrefix, uaHash: row.uaHash,
      browser: row.browser, os: row.os, absoluteExpiresAt: row.absoluteExpiresAt, prevIp: row.lastIp, prevSeenAt: row.lastSeenAt,
      startedInBrowser: row.startedInBrowser, requiredAction: row.requiredAction,
    },
  };
}
