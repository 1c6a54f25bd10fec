import "server-only";
// What each admin action does to the data. The server actions (app/admin/actions.ts) check the
// admin's session first; these functions check again that the actor is an unlocked admin and
// write the change and its AuditLog row in ONE transaction. Side effects that must never undo
// the change (the user's security log, the alert) follow the commit.
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/events/record";
import { notifyUser } from "@/lib/notify/alerts";
import { describePlace } from "@/lib/geo/lookup";
import { appendAudit, type AdminActor, type AuditAction } from "./audit";
import { sessionActionInput, userActionInput } from "./schemas";

export type AdminActionResult = { ok: true; message: string; auditId: string } | { ok: false; error: string };

const LIVE = ["active", "flagged"];
const OPEN_FLAG = { flagResolution: null, OR: [{ flaggedAt: { not: null } }, { status: "suspended" }] };

class Refused extends Error {}

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/** Inside the transaction: the actor must still be an admin whose account is not locked. */
async function assertAdmin(tx: Tx, actor: AdminActor): Promise<void> {
  const u = await tx.user.findUnique({ where: { id: actor.adminId }, select: { role: true, lockedAt: true } });
  if (!u || u.role !== "admin" || u.lockedAt) throw new Refused("Only administrators can do this.");
}

async function run(actor: AdminActor, fn: (tx: Tx) => Promise<{ message: string; auditId: string }>): Promise<AdminActionResult> {
  try {
    const r = await db().$transaction(async (tx) => {
      await assertAdmin(tx, actor);
      return fn(tx);
    });
    return { ok: true, ...r };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message };
    throw err;
  }
}

function parseOr<T>(r: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }): T {
  if (!r.success) throw new Refused(r.error.issues[0]?.message ?? "Check the form.");
  return r.data;
}

const SESSION_VIEW = { id: true, userId: true, status: true, browser: true, os: true, lastIp: true, city: true, country: true, flaggedAt: true, flagResolution: true } as const;

async function alertRevoked(userId: string, s: { browser: string | null; os: string | null; lastIp: string; city: string | null; country: string | null } | null): Promise<void> {
  await notifyUser({
    userId,
    kind: "revoked_by_admin",
    context: { browser: s?.browser ?? null, os: s?.os ?? null, ip: s?.lastIp ?? "—", place: s ? describePlace(s, s.lastIp) : null, at: new Date() },
  });
}

/** Revoke one session (ended by "admin"); an open flag on it is resolved as "revoked". */
export async function adminRevokeSession(actor: AdminActor, raw: unknown): Promise<AdminActionResult> {
  let target: { id: string; userId: string; browser: string | null; os: string | null; lastIp: string; city: string | null; country: string | null } | null = null;
  let ended = false;
  const r = await safe(() => {
    const input = parseOr(sessionActionInput.safeParse(raw));
    return run(actor, async (tx) => {
      const s = await tx.session.findUnique({ where: { id: input.sessionId }, select: SESSION_VIEW });
      if (!s) throw new Refused("That session was not found.");
      const now = new Date();
      const end = await tx.session.updateMany({ where: { id: s.id, status: { in: LIVE } }, data: { status: "revoked", endedAt: now, endedBy: "admin", endedReason: "admin_revoked", requiredAction: null } });
      const flag = await tx.session.updateMany({ where: { id: s.id, ...OPEN_FLAG }, data: { flagResolution: "revoked", flagResolvedAt: now, flagResolvedBy: actor.adminEmail } });
      if (end.count === 0 && flag.count === 0) throw new Refused("That session has already ended.");
      ended = end.count === 1;
      target = s;
      const auditId = await appendAudit(actor, { action: "session.revoke", targetUserId: s.userId, targetSessionId: s.id, reason: input.reason, details: { ended, flagResolved: flag.count === 1, previousStatus: s.status } }, tx);
      return { message: ended ? "The session was signed out." : "The flag was closed as revoked (the session had already ended).", auditId };
    });
  });
  if (r.ok && target) {
    const t = target as { id: string; userId: string; browser: string | null; os: string | null; lastIp: string; city: string | null; country: string | null };
    await recordEvent({ type: "session.revoked", userId: t.userId, sessionId: t.id, ip: actor.ip, details: { by: "admin" } });
    if (ended) await alertRevoked(t.userId, t);
  }
  return r;
}

/** End every live session of a user. */
export async function adminRevokeAll(actor: AdminActor, raw: unknown): Promise<AdminActionResult> {
  let userId = "";
  let count = 0;
  let latest: Parameters<typeof alertRevoked>[1] = null;
  const r = await safe(() => {
    const input = parseOr(userActionInput.safeParse(raw));
    return run(actor, async (tx) => {
      const u = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
      if (!u) throw new Refused("That user was not found.");
      const now = new Date();
      latest = await tx.session.findFirst({ where: { userId: u.id, status: { in: LIVE } }, orderBy: { lastSeenAt: "desc" }, select: SESSION_VIEW });
      await tx.session.updateMany({ where: { userId: u.id, status: { in: LIVE }, ...OPEN_FLAG }, data: { flagResolution: "revoked", flagResolvedAt: now, flagResolvedBy: actor.adminEmail } });
      const ended = await tx.session.updateMany({ where: { userId: u.id, status: { in: LIVE } }, data: { status: "revoked", endedAt: now, endedBy: "admin", endedReason: "admin_revoked_all", requiredAction: null } });
      userId = u.id;
      count = ended.count;
      const auditId = await appendAudit(actor, { action: "user.revoke_all", targetUserId: u.id, reason: input.reason, details: { count } }, tx);
      return { message: count === 1 ? "1 session was signed out." : `${count} sessions were signed out.`, auditId };
    });
  });
  if (r.ok) {
    await recordEvent({ type: "session.revoked", userId, ip: actor.ip, details: { by: "admin", scope: "everywhere", count } });
    if (count > 0) await alertRevoked(userId, latest);
  }
  return r;
}

/** Lock (every session ends, sign-in is refused) or unlock an account. */
export async function adminSetLocked(actor: AdminActor, raw: unknown, locked: boolean): Promise<AdminActionResult> {
  let userId = "";
  let count = 0;
  let latest: Parameters<typeof alertRevoked>[1] = null;
  const action: AuditAction = locked ? "user.lock" : "user.unlock";
  const r = await safe(() => {
    const input = parseOr(userActionInput.safeParse(raw));
    if (locked && input.userId === actor.adminId) throw new Refused("You cannot lock your own account.");
    return run(actor, async (tx) => {
      const u = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, lockedAt: true } });
      if (!u) throw new Refused("That user was not found.");
      if (locked === Boolean(u.lockedAt)) throw new Refused(locked ? "The account is already locked." : "The account is not locked.");
      const now = new Date();
      userId = u.id;
      if (locked) {
        latest = await tx.session.findFirst({ where: { userId: u.id, status: { in: LIVE } }, orderBy: { lastSeenAt: "desc" }, select: SESSION_VIEW });
        await tx.user.update({ where: { id: u.id }, data: { lockedAt: now, lockedReason: input.reason } });
        await tx.session.updateMany({ where: { userId: u.id, status: { in: LIVE }, ...OPEN_FLAG }, data: { flagResolution: "revoked", flagResolvedAt: now, flagResolvedBy: actor.adminEmail } });
        // The same change as lib/auth/users.ts setLocked, inside this transaction with its audit row.
        count = (await tx.session.updateMany({ where: { userId: u.id, status: { in: LIVE } }, data: { status: "revoked", endedAt: now, endedBy: "admin", endedReason: "locked", requiredAction: null } })).count;
      } else {
        await tx.user.update({ where: { id: u.id }, data: { lockedAt: null, lockedReason: null } });
      }
      const auditId = await appendAudit(actor, { action, targetUserId: u.id, reason: input.reason, details: locked ? { sessionsEnded: count } : {} }, tx);
      return { message: locked ? `The account was locked; ${count === 1 ? "1 session" : `${count} sessions`} ended.` : "The account was unlocked.", auditId };
    });
  });
  if (r.ok) {
    await recordEvent({ type: locked ? "account.locked" : "account.unlocked", userId, ip: actor.ip, details: { by: "admin" } });
    if (locked) await alertRevoked(userId, latest);
  }
  return r;
}

/** Close an open flag as a false positive; a "flagged" session goes back to "active" (the label stays). */
export async function adminDismissFlag(actor: AdminActor, raw: unknown): Promise<AdminActionResult> {
  return safe(() => {
    const input = parseOr(sessionActionInput.safeParse(raw));
    return run(actor, async (tx) => {
      const s = await tx.session.findUnique({ where: { id: input.sessionId }, select: SESSION_VIEW });
      if (!s) throw new Refused("That session was not found.");
      const now = new Date();
      const done = await tx.session.updateMany({ where: { id: s.id, ...OPEN_FLAG }, data: { flagResolution: "dismissed", flagResolvedAt: now, flagResolvedBy: actor.adminEmail } });
      if (done.count === 0) throw new Refused("That session has no open flag.");
      // The risk engine's hold came with the flag: a false positive releases it.
      if (s.status === "flagged") await tx.session.updateMany({ where: { id: s.id, status: "flagged" }, data: { status: "active", requiredAction: null } });
      const auditId = await appendAudit(actor, { action: "flag.dismiss", targetUserId: s.userId, targetSessionId: s.id, reason: input.reason, details: { previousStatus: s.status } }, tx);
      return { message: "The flag was dismissed as a false positive.", auditId };
    });
  });
}

/** The session's next request must re-enter a code (requiredAction "step_up"). The user is told. */
export async function adminRequireStepUp(actor: AdminActor, raw: unknown): Promise<AdminActionResult> {
  let target: Parameters<typeof alertStepUp>[1] = null;
  const r = await safe(() => {
    const input = parseOr(sessionActionInput.safeParse(raw));
    return run(actor, async (tx) => {
      const s = await tx.session.findUnique({ where: { id: input.sessionId }, select: SESSION_VIEW });
      if (!s) throw new Refused("That session was not found.");
      const done = await tx.session.updateMany({ where: { id: s.id, status: { in: LIVE } }, data: { requiredAction: "step_up" } });
      if (done.count === 0) throw new Refused("That session has already ended.");
      target = s;
      const auditId = await appendAudit(actor, { action: "session.require_step_up", targetUserId: s.userId, targetSessionId: s.id, reason: input.reason }, tx);
      return { message: "The session must confirm a code on its next request.", auditId };
    });
  });
  if (r.ok && target) await alertStepUp((target as { userId: string }).userId, target);
  return r;
}

/** Every live session of the user must re-enter a code on its next request. The user is told. */
export async function adminForceReMfa(actor: AdminActor, raw: unknown): Promise<AdminActionResult> {
  let userId = "";
  const r = await safe(() => {
    const input = parseOr(userActionInput.safeParse(raw));
    return run(actor, async (tx) => {
      const u = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
      if (!u) throw new Refused("That user was not found.");
      const { count } = await tx.session.updateMany({ where: { userId: u.id, status: { in: LIVE } }, data: { requiredAction: "step_up" } });
      userId = u.id;
      const auditId = await appendAudit(actor, { action: "user.require_step_up", targetUserId: u.id, reason: input.reason, details: { count } }, tx);
      return { message: count === 1 ? "1 session must confirm a code on its next request." : `${count} sessions must confirm a code on their next request.`, auditId };
    });
  });
  if (r.ok && userId) await alertStepUp(userId, null);
  return r;
}

/** An administrator asked for a fresh code: the user hears why the app will ask. */
async function alertStepUp(userId: string, s: { browser: string | null; os: string | null; lastIp: string; city: string | null; country: string | null } | null): Promise<void> {
  await notifyUser({
    userId,
    kind: "session_flagged",
    context: { browser: s?.browser ?? null, os: s?.os ?? null, ip: s?.lastIp ?? "—", place: s ? describePlace(s, s.lastIp) : null, at: new Date() },
  });
}

async function safe(fn: () => Promise<AdminActionResult>): Promise<AdminActionResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message };
    throw err;
  }
}
