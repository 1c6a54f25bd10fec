// Admin actions: each one's effect, its audit row (same transaction), the user's alert, and the
// constraints (reason required, admins only, unknown targets, no self-lock).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { passwordStep } from "@/lib/auth/sign-in";
import { AUTH_ERRORS } from "@/lib/auth/errors";
import {
  adminDismissFlag, adminForceReMfa, adminRequireStepUp, adminRevokeAll, adminRevokeSession, adminSetLocked,
} from "@/lib/admin/actions";
import { falsePositiveRates } from "@/lib/admin/overview";
import { loadSessionDetail } from "@/lib/admin/detail";
import type { AdminActor } from "@/lib/admin/audit";
import { makeUser, meta } from "../support/fixtures";

async function admin(): Promise<AdminActor> {
  const a = await makeUser({ role: "admin" });
  return { adminId: a.userId, adminEmail: a.email, ip: "192.0.2.1" };
}

async function session(userId: string, ip = "203.0.113.10") {
  return createSession({ userId, role: "user", mfaMethod: "totp", meta: meta(ip) });
}

async function flag(sessionId: string, signals: string[], score = 90) {
  const s = await db().session.update({ where: { id: sessionId }, data: { status: "flagged", requiredAction: "step_up", riskScore: score, flaggedAt: new Date(), flagReason: "new network" }, select: { userId: true } });
  await db().securityEvent.create({ data: { type: "risk.step_up", userId: s.userId, sessionId, details: JSON.stringify({ policy: "ordinary", score, signals: signals.map((id, i) => ({ id, weight: 50 - i })) }) } });
}

const audits = (where: { targetUserId?: string; targetSessionId?: string }) => db().auditLog.findMany({ where, orderBy: { createdAt: "asc" } });

describe("revoke one session", () => {
  it("ends it as 'admin', resolves its flag, writes one audit row and alerts the user", async () => {
    const actor = await admin();
    const u = await makeUser();
    const s = await session(u.userId);
    const other = await session(u.userId);
    await flag(s.sessionId, ["ipChanged"]);
    const r = await adminRevokeSession(actor, { sessionId: s.sessionId, reason: "token replay from a datacenter" });
    expect(r).toMatchObject({ ok: true });
    expect(await validateSessionToken(s.token, meta())).toMatchObject({ ok: false, reason: "revoked_admin" });
    expect((await validateSessionToken(other.token, meta())).ok).toBe(true);
    const row = await db().session.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(row).toMatchObject({ status: "revoked", endedBy: "admin", flagResolution: "revoked", flagResolvedBy: actor.adminEmail });
    const log = await audits({ targetSessionId: s.sessionId });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: "session.revoke", adminId: actor.adminId, adminEmail: actor.adminEmail, targetUserId: u.userId, reason: "token replay from a datacenter", ip: "192.0.2.1" });
    expect(await db().notification.count({ where: { userId: u.userId, kind: "revoked_by_admin" } })).toBe(1);
    // A second revocation changes nothing and logs nothing.
    expect(await adminRevokeSession(actor, { sessionId: s.sessionId, reason: "again" })).toMatchObject({ ok: false });
    expect(await audits({ targetSessionId: s.sessionId })).toHaveLength(1);
  });
});

describe("user-wide actions", () => {
  it("revoke all ends every live session of that user only", async () => {
    const actor = await admin();
    const u = await makeUser();
    const bystander = await makeUser();
    const s1 = await session(u.userId);
    const s2 = await session(u.userId, "198.51.100.3");
    const b = await session(bystander.userId);
    expect(await adminRevokeAll(actor, { userId: u.userId, reason: "account takeover suspected" })).toMatchObject({ ok: true, message: "2 sessions were signed out." });
    for (const t of [s1.token, s2.token]) expect(await validateSessionToken(t, meta())).toMatchObject({ ok: false, reason: "revoked_admin" });
    expect((await validateSessionToken(b.token, meta())).ok).toBe(true);
    expect(await audits({ targetUserId: u.userId })).toMatchObject([{ action: "user.revoke_all", details: JSON.stringify({ count: 2 }) }]);
    expect(await db().notification.count({ where: { userId: u.userId, kind: "revoked_by_admin" } })).toBe(1);
  });

  it("lock ends all sessions and refuses sign-in; unlock lets the user in again; both audited", async () => {
    const actor = await admin();
    const u = await makeUser();
    const s = await session(u.userId);
    expect(await adminSetLocked(actor, { userId: u.userId, reason: "fraud report #123" }, true)).toMatchObject({ ok: true });
    expect(await validateSessionToken(s.token, meta())).toMatchObject({ ok: false, reason: "locked" });
    expect(await passwordStep({ email: u.email, password: u.password }, meta())).toMatchObject({ ok: false, message: AUTH_ERRORS.locked });
    expect((await db().user.findUniqueOrThrow({ where: { id: u.userId } })).lockedReason).toBe("fraud report #123");
    expect(await adminSetLocked(actor, { userId: u.userId, reason: "twice" }, true)).toMatchObject({ ok: false, error: "The account is already locked." });
    expect(await adminSetLocked(actor, { userId: u.userId, reason: "cleared by support" }, false)).toMatchObject({ ok: true });
    expect(await passwordStep({ email: u.email, password: u.password }, meta())).toMatchObject({ ok: true });
    expect((await audits({ targetUserId: u.userId })).map((a) => [a.action, a.reason])).toEqual([["user.lock", "fraud report #123"], ["user.unlock", "cleared by support"]]);
    expect(await db().notification.count({ where: { userId: u.userId, kind: "revoked_by_admin" } })).toBe(1);
  });

  it("force re-MFA sets step_up on every live session of the user", async () => {
    const actor = await admin();
    const u = await makeUser();
    const s1 = await session(u.userId);
    const s2 = await session(u.userId);
    const ended = await session(u.userId);
    await db().session.update({ where: { id: ended.sessionId }, data: { status: "revoked", endedAt: new Date() } });
    expect(await adminForceReMfa(actor, { userId: u.userId, reason: "phishing campaign" })).toMatchObject({ ok: true });
    const rows = await db().session.findMany({ where: { userId: u.userId }, select: { id: true, requiredAction: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.requiredAction]))).toEqual({ [s1.sessionId]: "step_up", [s2.sessionId]: "step_up", [ended.sessionId]: null });
    const v = await validateSessionToken(s1.token, meta());
    expect(v.ok && v.session.requiredAction).toBe("step_up");
    expect(await audits({ targetUserId: u.userId })).toMatchObject([{ action: "user.require_step_up", reason: "phishing campaign" }]);
  });
});

describe("flag decisions", () => {
  it("dismiss: flag closed as a false positive, session active again, label kept, counted per signal", async () => {
    const actor = await admin();
    const u = await makeUser();
    const since = new Date(Date.now() - 1000);
    const [a, b, c] = [await session(u.userId), await session(u.userId), await session(u.userId)];
    await flag(a.sessionId, ["ipPrefixChanged", "uaChanged"]);
    await flag(b.sessionId, ["ipPrefixChanged"]);
    await flag(c.sessionId, ["uaChanged"]);
    expect(await adminDismissFlag(actor, { sessionId: a.sessionId, reason: "user confirmed new laptop" })).toMatchObject({ ok: true });
    const row = await db().session.findUniqueOrThrow({ where: { id: a.sessionId } });
    expect(row).toMatchObject({ status: "active", requiredAction: null, flagResolution: "dismissed", flagReason: "new network" });
    expect(row.flaggedAt).not.toBeNull();
    expect((await validateSessionToken(a.token, meta())).ok).toBe(true);
    expect(await adminDismissFlag(actor, { sessionId: a.sessionId, reason: "again" })).toMatchObject({ ok: false, error: "That session has no open flag." });
    await adminRevokeSession(actor, { sessionId: b.sessionId, reason: "real attack" });
    await adminDismissFlag(actor, { sessionId: c.sessionId, reason: "VPN" });
    const rates = Object.fromEntries((await falsePositiveRates(since)).map((f) => [f.signal, [f.dismissed, f.resolved]]));
    // Other tests in this file resolve flags with other signals; these two are this test's own.
    expect(rates).toMatchObject({ ipPrefixChanged: [1, 2], uaChanged: [2, 2] });
    expect(await audits({ targetSessionId: a.sessionId })).toMatchObject([{ action: "flag.dismiss", reason: "user confirmed new laptop" }]);
  });

  it("require step-up on one session: its next request must confirm a code", async () => {
    const actor = await admin();
    const u = await makeUser();
    const s = await session(u.userId);
    expect(await adminRequireStepUp(actor, { sessionId: s.sessionId, reason: "odd purchase pattern" })).toMatchObject({ ok: true });
    const v = await validateSessionToken(s.token, meta());
    expect(v.ok && v.session.requiredAction).toBe("step_up");
    expect(await audits({ targetSessionId: s.sessionId })).toMatchObject([{ action: "session.require_step_up" }]);
  });

  it("session detail shows the evidence timeline with signals, the binding and the other sessions", async () => {
    const u = await makeUser();
    const s = await session(u.userId, "81.2.69.160");
    const o = await session(u.userId);
    await flag(s.sessionId, ["ipPrefixChanged", "uaChanged"], 95);
    await db().session.update({ where: { id: s.sessionId }, data: { lastIp: "198.51.100.9" } });
    const d = (await loadSessionDetail(s.sessionId))!;
    expect(d.evidence.map((e) => [e.type, e.score, e.signals.map((x) => x.id)])).toEqual([["risk.step_up", 95, ["ipPrefixChanged", "uaChanged"]]]);
    expect(d.binding.origin).toMatchObject({ ip: "81.2.69.160", place: "London, GB" });
    expect(d.binding.latest.ip).toBe("198.51.100.9");
    expect(d.others.map((x) => x.id)).toEqual([o.sessionId]);
    expect(JSON.stringify(d)).not.toMatch(/tokenHash/);
  });
});

describe("constraints", () => {
  it("a reason is required: nothing changes and nothing is logged without one", async () => {
    const actor = await admin();
    const u = await makeUser();
    const s = await session(u.userId);
    for (const reason of [undefined, "", "  ", "x"]) {
      expect(await adminRevokeSession(actor, { sessionId: s.sessionId, reason })).toMatchObject({ ok: false });
      expect(await adminSetLocked(actor, { userId: u.userId, reason }, true)).toMatchObject({ ok: false });
    }
    expect((await validateSessionToken(s.token, meta())).ok).toBe(true);
    expect(await db().auditLog.count({ where: { targetUserId: u.userId } })).toBe(0);
  });

  it("a non-admin (or locked admin) actor changes nothing, even with valid ids", async () => {
    const user = await makeUser();
    const notAdmin: AdminActor = { adminId: user.userId, adminEmail: user.email, ip: "192.0.2.9" };
    const victim = await makeUser();
    const s = await session(victim.userId);
    expect(await adminRevokeSession(notAdmin, { sessionId: s.sessionId, reason: "I am not an admin" })).toEqual({ ok: false, error: "Only administrators can do this." });
    expect(await adminRevokeAll(notAdmin, { userId: victim.userId, reason: "I am not an admin" })).toMatchObject({ ok: false });
    expect(await adminSetLocked(notAdmin, { userId: victim.userId, reason: "I am not an admin" }, true)).toMatchObject({ ok: false });
    const lockedAdmin = await admin();
    await db().user.update({ where: { id: lockedAdmin.adminId }, data: { lockedAt: new Date() } });
    expect(await adminRevokeSession(lockedAdmin, { sessionId: s.sessionId, reason: "locked admin" })).toMatchObject({ ok: false });
    expect((await validateSessionToken(s.token, meta())).ok).toBe(true);
    expect(await db().user.findUniqueOrThrow({ where: { id: victim.userId } })).toMatchObject({ lockedAt: null });
    expect(await db().auditLog.count({ where: { targetUserId: victim.userId } })).toBe(0);
  });

  it("unknown or malformed targets are refused; an admin cannot lock their own account", async () => {
    const actor = await admin();
    expect(await adminRevokeSession(actor, { sessionId: "doesnotexist", reason: "valid reason" })).toEqual({ ok: false, error: "That session was not found." });
    expect(await adminRevokeSession(actor, { sessionId: "x' OR 1=1 --", reason: "valid reason" })).toMatchObject({ ok: false });
    expect(await adminRevokeAll(actor, { userId: "nosuchuser", reason: "valid reason" })).toEqual({ ok: false, error: "That user was not found." });
    expect(await adminSetLocked(actor, { userId: actor.adminId, reason: "oops" }, true)).toEqual({ ok: false, error: "You cannot lock your own account." });
    expect(await db().auditLog.count({ where: { adminId: actor.adminId } })).toBe(0);
  });
});
