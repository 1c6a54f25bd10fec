import "server-only";
// Security alerts: an in-app Notification plus (usually) a mail, and the "new device" memory
// behind the sign-in alert. Alerts are a side effect of sign-in, session and account changes;
// a failure here is logged and swallowed so it can never turn those into errors.
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { recordEvent } from "@/lib/events/record";
import { queueMail } from "./mail";
import { renderAlert, type AlertKind, type MailContext } from "./templates";

export type { AlertKind, MailContext } from "./templates";

export interface NotifyInput {
  userId: string;
  kind: AlertKind;
  context: MailContext;
  /** false: in-app notification only. */
  mail?: boolean;
  /** The session the alert is about, for its "Was this you?" answer. */
  sessionId?: string;
}

export async function notifyUser(input: NotifyInput): Promise<void> {
  try {
    const user = await db().user.findUnique({ where: { id: input.userId }, select: { email: true } });
    if (!user) {
      logger.warn("alert for unknown user dropped", { userId: input.userId, kind: input.kind });
      return;
    }
    const alert = renderAlert(input.kind, input.context, config().APP_URL);
    await db().notification.create({
      data: { userId: input.userId, kind: input.kind, title: alert.title, body: alert.body, sessionId: input.sessionId ?? null },
      select: { id: true },
    });
    if (input.mail !== false) await queueMail({ to: user.email, subject: alert.subject, text: alert.text, html: alert.html });
  } catch (err) {
    logger.error("alert not recorded", { userId: input.userId, kind: input.kind, error: (err as Error).message });
  }
}

/** A device unseen for this long counts as new again. */
export const KNOWN_DEVICE_DAYS = 90;

export interface SignInDevice {
  userId: string;
  browser: string | null;
  os: string | null;
  ip: string;
  place: string | null;
  at: Date;
  /** The session the sign-in created. */
  sessionId?: string;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === "P2002";
}

/**
 * Remembers the browser family + OS of a completed sign-in; the first time (or the first time in
 * 90 days) it alerts the user. Concurrent sign-ins from the same new device alert once: the
 * insert (unique key) or the conditional "stale → fresh" update decides which one is "new".
 */
export async function recordSignInDevice(input: SignInDevice): Promise<{ isNew: boolean }> {
  const browser = (input.browser ?? "Unknown").slice(0, 100);
  const os = (input.os ?? "Unknown").slice(0, 100);
  const staleBefore = new Date(input.at.getTime() - KNOWN_DEVICE_DAYS * 24 * 60 * 60 * 1000);
  let isNew = false;
  try {
    const key = { userId: input.userId, browser, os };
    const existing = await db().knownDevice.findUnique({ where: { userId_browser_os: key }, select: { id: true, lastSeenAt: true } });
    if (!existing) {
      try {
        await db().knownDevice.create({ data: { ...key, firstSeenAt: input.at, lastSeenAt: input.at }, select: { id: true } });
        isNew = true;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Another sign-in of the same device inserted it first and raised the alert.
        await db().knownDevice.updateMany({ where: { ...key, lastSeenAt: { lt: input.at } }, data: { lastSeenAt: input.at } });
      }
    } else if (existing.lastSeenAt < staleBefore) {
      const { count } = await db().knownDevice.updateMany({
        where: { id: existing.id, lastSeenAt: { lt: staleBefore } },
        data: { lastSeenAt: input.at },
      });
      isNew = count === 1;
    } else {
      await db().knownDevice.updateMany({ where: { id: existing.id, lastSeenAt: { lt: input.at } }, data: { lastSeenAt: input.at } });
    }
  } catch (err) {
    logger.error("known device not recorded", { userId: input.userId, error: (err as Error).message });
    return { isNew: false };
  }
  if (isNew) {
    await notifyUser({
      userId: input.userId,
      kind: "new_device",
      sessionId: input.sessionId,
      context: { browser: input.browser, os: input.os, ip: input.ip, place: input.place, at: input.at },
    });
    await recordEvent({
      type: "alert.new_device",
      userId: input.userId,
      ip: input.ip,
      details: { browser, os, place: input.place },
    });
  }
  return { isNew };
}

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  sessionId: string | null;
  answer: string | null;
}

/** Newest first. */
export async function listNotifications(userId: string, opts: { unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationItem[]> {
  const take = Math.max(1, Math.min(opts.limit ?? 20, 100));
  return db().notification.findMany({
    where: { userId, ...(opts.unreadOnly ? { readAt: null } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, kind: true, title: true, body: true, createdAt: true, readAt: true, sessionId: true, answer: true },
  });
}

export async function unreadCount(userId: string): Promise<number> {
  return db().notification.count({ where: { userId, readAt: null } });
}

/**
 * Marks the given notifications (or all, without ids) as read. The where clause always carries
 * the owner, so ids of another user's notifications change nothing. Returns how many changed.
 */
export async function markNotificationsRead(userId: string, ids?: string[]): Promise<number> {
  if (ids !== undefined && ids.length === 0) return 0;
  const { count } = await db().notification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: ids.slice(0, 500) } } : {}) },
    data: { readAt: new Date() },
  });
  return count;
}
