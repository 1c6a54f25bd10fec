import "server-only";
// The admin audit log. APPEND-ONLY: this module exports one writer (appendAudit) and readers.
// No code path updates or deletes AuditLog rows (tests/integration/admin-audit.test.ts greps the
// repository to keep it that way).
import { db, type Db } from "@/lib/db/client";

export const AUDIT_ACTIONS = ["session.revoke", "user.revoke_all", "user.lock", "user.unlock", "flag.dismiss", "session.require_step_up", "user.require_step_up"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted, from where: taken from the admin's own session, never from the form. */
export interface AdminActor {
  adminId: string;
  adminEmail: string;
  ip: string;
}

export interface AuditEntry {
  action: AuditAction;
  targetUserId?: string | null;
  targetSessionId?: string | null;
  reason: string;
  details?: Record<string, unknown>;
}

/** The client or an interactive-transaction client: an audit row is written with the change it records. */
type Writer = Pick<Db, "auditLog">;

export async function appendAudit(actor: AdminActor, entry: AuditEntry, tx: Writer = db()): Promise<string> {
  const row = await tx.auditLog.create({
    data: {
      adminId: actor.adminId,
      adminEmail: actor.adminEmail,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      targetSessionId: entry.targetSessionId ?? null,
      reason: entry.reason,
      details: JSON.stringify(entry.details ?? {}),
      ip: actor.ip,
    },
    select: { id: true },
  });
  return row.id;
}

export interface AuditRow {
  id: string;
  at: Date;
  adminEmail: string;
  action: string;
  targetUserId: string | null;
  targetSessionId: string | null;
  targetEmail: string | null;
  reason: string;
  details: string;
  ip: string;
}

export function encodeAuditCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}:${id}`).toString("base64url");
}

export function decodeAuditCursor(raw: unknown): { at: Date; id: string } | null {
  if (typeof raw !== "string" || raw.length > 100) return null;
  const m = /^(\d{1,15}):([a-z0-9]{1,40})$/i.exec(Buffer.from(raw, "base64url").toString("utf8"));
  return m ? { at: new Date(Number(m[1])), id: m[2]! } : null;
}

/** Newest first, keyset-paginated on (createdAt, id); optionally one user's entries. */
export async function listAudit(opts: { cursor?: { at: Date; id: string } | null; pageSize?: number; targetUserId?: string } = {}): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const pageSize = opts.pageSize ?? 25;
  const c = opts.cursor;
  const rows = await db().auditLog.findMany({
    where: {
      ...(opts.targetUserId ? { targetUserId: opts.targetUserId } : {}),
      ...(c ? { OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  const ids = [...new Set(page.map((r) => r.targetUserId).filter((x): x is string => !!x))];
  const users = ids.length ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const email = new Map(users.map((u) => [u.id, u.email]));
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id, at: r.createdAt, adminEmail: r.adminEmail, action: r.action, targetUserId: r.targetUserId, targetSessionId: r.targetSessionId,
      targetEmail: r.targetUserId ? email.get(r.targetUserId) ?? null : null, reason: r.reason, details: r.details, ip: r.ip,
    })),
    nextCursor: rows.length > pageSize && last ? encodeAuditCursor(last.createdAt, last.id) : null,
  };
}
