import "server-only";
// Creating, rotating and ending sessions of record. Tokens leave this module only to be put in
// the cookie; the database sees their SHA-256.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { generateSessionToken, hashToken } from "./token";
import { ipPrefix } from "./ip";
import { CHROMIUM_FAMILY } from "@/lib/risk/signals/binding";
import { describeUserAgent } from "./user-agent";
import { lookupPlace } from "@/lib/geo/lookup";
import type { ClientHints } from "./client-hints";
import type { FetchMeta } from "@/lib/risk/signals/fetch-metadata";

/** How the session's last second factor was proved ("passkey": a WebAuthn assertion with user verification). */
export type MfaMethod = "totp" | "recovery" | "passkey";
export type EndedBy = "user" | "admin" | "system";

export interface RequestMeta {
  ip: string;
  userAgent: string;
  /** Sec-CH-UA* headers, when the browser sends them. */
  hints?: ClientHints;
  /** Browser fetch metadata of the request (Sec-Fetch-*, Origin). */
  fetch?: FetchMeta;
  /** Path and method (set by the proxy), for the risk engine. */
  path?: string;
  method?: string;
  isPageView?: boolean;
}

export interface IssuedSession {
  sessionId: string;
  token: string;
  absoluteExpiresAt: Date;
}

/**
 * Browser, OS and device of a request, for display and for the session's record. Client hints
 * name the real brand/platform behind a frozen Chrome-like UA string; they are believed only when
 * the UA string itself is a Chromium browser (the only kind that sends them) — never for a string
 * nothing recognises ("curl/8.5.0" with Chrome's hints attached is not Chrome). The risk engine
 * compares the UA string alone (lib/risk/signals/binding.ts).
 */
export function describeClient(userAgent: string, hints?: ClientHints) {
  const ua = describeUserAgent(userAgent);
  const h = ua.browser !== null && CHROMIUM_FAMILY.test(ua.browser) ? hints : undefined;
  return {
    hash: ua.hash,
    text: ua.text,
    browser: h?.brand ?? ua.browser,
    browserMajor: h?.brand ? h.brandMajor : ua.browserMajor,
    os: h?.platform ?? ua.os,
    deviceType: h?.mobile === true ? "mobile" : ua.deviceType,
  };
}

function idleExpiry(now: Date, absolute: Date): Date {
  return new Date(Math.min(now.getTime() + config().SESSION_IDLE_TIMEOUT_SECONDS * 1000, absolute.getTime()));
}

/** A brand-new session after a completed sign-in (password + second factor). */
export async function createSession(input: { userId: string; role: string; mfaMethod: MfaMethod; meta: RequestMeta; now?: Date }): Promise<IssuedSession> {
  const now = input.now ?? new Date();
  const token = generateSessionToken();
  const ua = describeClient(input.meta.userAgent, input.meta.hints);
  const place = lookupPlace(input.meta.ip);
  const absoluteExpiresAt = new Date(now.getTime() + config().SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000);
  const row = await db().session.create({
    data: {
      tokenHash: hashToken(token),
      userId: input.userId,
      role: input.role,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: idleExpiry(now, absoluteExpiresAt),
      absoluteExpiresAt,
      mfaAt: now,
      mfaMethod: input.mfaMethod,
      ip: input.meta.ip,
      ipPrefix: ipPrefix(input.meta.ip) ?? input.meta.ip,
      lastIp: input.meta.ip,
      uaHash: ua.hash,
      userAgent: ua.text,
      browser: ua.browser,
      browserMajor: ua.browserMajor,
      os: ua.os,
      deviceType: ua.deviceType,
      country: place?.country ?? null,
      city: place?.city ?? null,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      startedInBrowser: Boolean(input.meta.fetch?.site),
    },
    select: { id: true },
  });
  return { sessionId: row.id, token, absoluteExpiresAt };
}

/**
 * Replaces the session's token (the old one stops working at once). With `reauthenticated`,
 * the MFA time is renewed and both timeouts restart, as NIST 800-63B asks after a
 * reauthentication. Returns null if the session is no longer usable.
 *
 * `rebind` moves the binding columns (IP, prefix, UA hash) to the request and is applied ONLY
 * together with `reauthenticated`: so those columns always name the device that last proved a
 * second factor (sign-in or step-up), which is what freshness is bound to (guard.hasFreshAuth).
 */
export async function rotateSession(sessionId: string, opts: { reauthenticated?: MfaMethod; role?: string; rebind?: RequestMeta; now?: Date } = {}): Promise<IssuedSession | null> {
  const now = opts.now ?? new Date();
  const token = generateSessionToken();
  const current = await db().session.findUnique({ where: { id: sessionId }, select: { absoluteExpiresAt: true } });
  if (!current) return null;
  const absoluteExpiresAt = opts.reauthenticated
    ? new Date(now.getTime() + config().SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000)
    : current.absoluteExpiresAt;
  const { count } = await db().session.updateMany({
    where: { id: sessionId, status: { in: ["active", "flagged"] }, absoluteExpiresAt: { gt: now } },
    data: {
      tokenHash: hashToken(token),
      rotatedAt: now,
      lastSeenAt: now,
      idleExpiresAt: idleExpiry(now, absoluteExpiresAt),
      absoluteExpiresAt,
      ...(opts.reauthenticated ? { mfaAt: now, mfaMethod: opts.reauthenticated, requiredAction: null, status: "active" } : {}),
      ...(opts.role ? { role: opts.role } : {}),
      ...(opts.rebind && opts.reauthenticated ? bindingOf(opts.rebind) : {}),
    },
  });
  return count === 1 ? { sessionId, token, absoluteExpiresAt } : null;
}

/** The soft-binding columns for a request: after a step-up the session is bound to where the user now is. */
function bindingOf(meta: RequestMeta) {
  const ua = describeClient(meta.userAgent, meta.hints);
  return { ip: meta.ip, ipPrefix: ipPrefix(meta.ip) ?? meta.ip, lastIp: meta.ip, uaHash: ua.hash, userAgent: ua.text, browser: ua.browser, browserMajor: ua.browserMajor, os: ua.os };
}

/** Ends one session. Returns false if it had already ended. */
export async function endSession(sessionId: string, how: { by: EndedBy; reason: string; status?: "revoked" | "expired"; userId?: string; now?: Date }): Promise<boolean> {
  const { count } = await db().session.updateMany({
    where: { id: sessionId, status: { in: ["active", "flagged"] }, ...(how.userId ? { userId: how.userId } : {}) },
    data: { status: how.status ?? "revoked", endedAt: how.now ?? new Date(), endedBy: how.by, endedReason: how.reason },
  });
  return count === 1;
}

/** Ends every live session of a user in one statement (optionally keeping one). */
export async function endAllSessions(userId: string, how: { by: EndedBy; reason: string; exceptSessionId?: string; now?: Date }): Promise<number> {
  const { count } = await db().session.updateMany({
    where: { userId, status: { in: ["active", "flagged"] }, ...(how.exceptSessionId ? { id: { not: how.exceptSessionId } } : {}) },
    data: { status: "revoked", endedAt: how.now ?? new Date(), endedBy: how.by, endedReason: how.reason },
  });
  return count;
}

/** Lifts a requirement the risk engine had put on a session (e.g. after a solved puzzle). */
export async function clearRequiredAction(sessionId: string, action: "challenge" | "step_up"): Promise<boolean> {
  const { count } = await db().session.updateMany({ where: { id: sessionId, requiredAction: action }, data: { requiredAction: null } });
  return count === 1;
}

/**
 * Suspends one live session (it stops working at once, like a revocation, but is marked for
 * review with its reason). Used when a session itself misbehaves, e.g. too many wrong step-up
 * codes: the stolen cookie is stopped, the account and its other sessions are not touched.
 */
export async function suspendSession(sessionId: string, how: { reason: string; explanation: string; now?: Date }): Promise<boolean> {
  const now = how.now ?? new Date();
  const { count } = await db().session.updateMany({
    where: { id: sessionId, status: { in: ["active", "flagged"] } },
    data: { status: "suspended", requiredAction: null, flaggedAt: now, flagReason: how.explanation, endedAt: now, endedBy: "system", endedReason: how.reason },
  });
  return count === 1;
}

/** The owner proved it is them (step-up): an open flag on the session is closed as "stepped_up". */
export async function resolveFlagByOwner(sessionId: string, now = new Date()): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, flaggedAt: { not: null }, flagResolution: null }, data: { flagResolution: "stepped_up", flagResolvedAt: now, flagResolvedBy: "user" } });
}

/**
 * The owner answered "Yes, that was me" about one of their flagged sessions: the open flag is
 * closed as a false positive ("confirmed_by_user", counted by the admin overview's per-signal
 * false-positive rate). The session's status stays: a flagged session still steps up for
 * sensitive actions. False when it was not the owner's, not flagged, or already resolved.
 */
export async function confirmFlagByOwner(userId: string, sessionId: string, now = new Date()): Promise<boolean> {
  const { count } = await db().session.updateMany({
    where: { id: sessionId, userId, flaggedAt: { not: null }, flagResolution: null },
    data: { flagResolution: "confirmed_by_user", flagResolvedAt: now, flagResolvedBy: "user" },
  });
  return count === 1;
}

/**
 * The owner answered "No, that wasn't me": that session ends at once (an open flag on it is
 * closed as "revoked"), and every other live session of the user must step up before its next
 * request (a copy of the cookie may sit elsewhere too). One transaction.
 */
export async function disownSession(userId: string, sessionId: string, now = new Date()): Promise<{ ended: boolean; steppedUp: number }> {
  const [, ended, others] = await db().$transaction([
    db().session.updateMany({ where: { id: sessionId, userId, flaggedAt: { not: null }, flagResolution: null }, data: { flagResolution: "revoked", flagResolvedAt: now, flagResolvedBy: "user" } }),
    db().session.updateMany({ where: { id: sessionId, userId, status: { in: ["active", "flagged"] } }, data: { status: "revoked", endedAt: now, endedBy: "user", endedReason: "disowned_by_user" } }),
    db().session.updateMany({ where: { userId, id: { not: sessionId }, status: { in: ["active", "flagged"] } }, data: { requiredAction: "step_up" } }),
  ]);
  return { ended: ended.count === 1, steppedUp: others.count };
}
