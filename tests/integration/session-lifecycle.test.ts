// Sessions of record against a real database: create, validate, idle and absolute expiry,
// rotation, revocation. Timeouts for this file: idle 60 s, absolute 180 s (integration-setup.ts).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createSession, endAllSessions, endSession, rotateSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { setLocked, setRole } from "@/lib/auth/users";
import { makeUser, meta } from "../support/fixtures";
import { queries } from "../support/queries";
import { findSessionByTokenHash, lookupStats } from "@/lib/session/lookup";

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

async function newSession(now = new Date()) {
  const u = await makeUser();
  const issued = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta(), now });
  return { u, issued, now };
}

describe("session of record", () => {
  it("stores only the SHA-256 of the token (7.2.1, predictable ids)", async () => {
    const { issued } = await newSession();
    const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(row.tokenHash).toBe(createHash("sha256").update(issued.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(issued.token);
  });

  it("validates a fresh session with exactly one query (seen within the last minute)", async () => {
    const { issued, now } = await newSession();
    queries.length = 0;
    const reads = lookupStats.reads;
    const r = await validateSessionToken(issued.token, meta(), at(now, 5));
    expect(r.ok).toBe(true);
    // One indexed read through the driver (lib/session/lookup.ts), nothing through Prisma.
    expect(lookupStats.reads - reads).toBe(1);
    expect(queries).toHaveLength(0);
  });

  it("the lookup reads what Prisma wrote, field for field (dates, booleans, nulls)", async () => {
    const { issued } = await newSession();
    const viaPrisma = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    const viaDriver = await findSessionByTokenHash(viaPrisma.tokenHash);
    expect(viaDriver).not.toBeNull();
    for (const [k, v] of Object.entries(viaDriver!)) expect(v, k).toEqual((viaPrisma as Record<string, unknown>)[k]);
    expect(await findSessionByTokenHash("0".repeat(64))).toBeNull();
  });

  it("rejects a random token of the right shape and a malformed one", async () => {
    await newSession();
    expect(await validateSessionToken("A".repeat(43), meta())).toMatchObject({ ok: false, reason: "unknown" });
    expect(await validateSessionToken("not a token; <script>", meta())).toMatchObject({ ok: false, reason: "malformed" });
    expect(await validateSessionToken(undefined, meta())).toMatchObject({ ok: false, reason: "missing" });
  });

  it("expires after the idle timeout on the server (7.3.1)", async () => {
    const { issued, now } = await newSession();
    expect((await validateSessionToken(issued.token, meta(), at(now, 59))).ok).toBe(true);
    // 59 s touched last-seen, so idle now runs to 119 s.
    expect(await validateSessionToken(issued.token, meta(), at(now, 120))).toMatchObject({ ok: false, reason: "expired_idle" });
    const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    expect(row.status).toBe("expired");
    // Once expired, it stays dead even if "activity" arrives within a new window.
    expect(await validateSessionToken(issued.token, meta(), at(now, 121))).toMatchObject({ ok: false, reason: "expired_idle" });
  });

  it("requests every 50 s keep the session alive; a 61 s gap ends it", async () => {
    const { issued, now } = await newSession();
    for (const t of [50, 100, 150]) expect((await validateSessionToken(issued.token, meta(), at(now, t))).ok).toBe(true);
    expect(await validateSessionToken(issued.token, meta(), at(now, 150 + 61))).toMatchObject({ ok: false });
  });

  it("ends at the absolute timeout regardless of activity (7.3.2)", async () => {
    const { issued, now } = await newSession();
    for (let t = 30; t <= 180 - 1; t += 30) expect((await validateSessionToken(issued.token, meta(), at(now, t))).ok).toBe(true);
    expect(await validateSessionToken(issued.token, meta(), at(now, 181))).toMatchObject({ ok: false, reason: "expired_absolute" });
  });

  it("writes last-seen at most once per interval (coalesced touch)", async () => {
    const { issued, now } = await newSession();
    await validateSessionToken(issued.token, meta(), at(now, 1));
    await validateSessionToken(issued.token, meta(), at(now, 2));
    const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    expect(row.lastSeenAt.getTime()).toBe(now.getTime());
    await validateSessionToken(issued.token, meta(), at(now, 20));
    const later = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    expect(later.lastSeenAt.getTime()).toBe(at(now, 20).getTime());
  });

  it("rotation issues a new token and kills the old one at once", async () => {
    const { issued, now } = await newSession();
    const rotated = await rotateSession(issued.sessionId, { now: at(now, 10) });
    expect(rotated?.token).toBeDefined();
    expect(rotated?.token).not.toBe(issued.token);
    expect(await validateSessionToken(issued.token, meta(), at(now, 11))).toMatchObject({ ok: false, reason: "unknown" });
    expect((await validateSessionToken(rotated!.token, meta(), at(now, 11))).ok).toBe(true);
  });

  it("reauthentication resets both timers (step-up at 170 s, still valid at 200 s)", async () => {
    const { issued, now } = await newSession();
    for (const t of [50, 100, 150]) expect((await validateSessionToken(issued.token, meta(), at(now, t))).ok).toBe(true);
    const stepped = await rotateSession(issued.sessionId, { reauthenticated: "totp", now: at(now, 170) });
    expect(stepped).not.toBeNull();
    expect((await validateSessionToken(stepped!.token, meta(), at(now, 200))).ok).toBe(true);
    const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    expect(row.mfaAt.getTime()).toBe(at(now, 170).getTime());
  });

  it("revocation takes effect on the very next request, with who ended it", async () => {
    const { issued } = await newSession();
    expect(await endSession(issued.sessionId, { by: "admin", reason: "suspicious" })).toBe(true);
    expect(await validateSessionToken(issued.token, meta())).toMatchObject({ ok: false, reason: "revoked_admin" });
    expect(await endSession(issued.sessionId, { by: "admin", reason: "again" })).toBe(false);
  });

  it("sign-out is final: the replayed cookie is refused", async () => {
    const { issued } = await newSession();
    await endSession(issued.sessionId, { by: "user", reason: "signed_out" });
    expect(await validateSessionToken(issued.token, meta())).toMatchObject({ ok: false, reason: "signed_out" });
  });

  it("sign out everywhere else ends other sessions in one statement and keeps this one", async () => {
    const u = await makeUser();
    const mine = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const others = await Promise.all([1, 2, 3].map(() => createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta("198.51.100.7") })));
    expect(await endAllSessions(u.userId, { by: "user", reason: "sign_out_others", exceptSessionId: mine.sessionId })).toBe(3);
    expect((await validateSessionToken(mine.token, meta())).ok).toBe(true);
    for (const o of others) expect(await validateSessionToken(o.token, meta("198.51.100.7"))).toMatchObject({ ok: false, reason: "revoked_user" });
  });

  it("locking an account ends all its sessions (7.4.2)", async () => {
    const { u, issued } = await newSession();
    expect(await setLocked(u.userId, true, "test")).toBe(1);
    expect(await validateSessionToken(issued.token, meta())).toMatchObject({ ok: false, reason: "locked" });
  });

  it("a role change ends sessions issued with the old role (privilege change)", async () => {
    const { u, issued } = await newSession();
    expect(await setRole(u.userId, "admin")).toBe(1);
    expect((await validateSessionToken(issued.token, meta())).ok).toBe(false);
  });

  it("records binding data at creation: IP, /24 prefix, UA hash and parsed device", async () => {
    const { issued } = await newSession();
    const row = await db().session.findUniqueOrThrow({ where: { id: issued.sessionId } });
    expect(row).toMatchObject({ ip: "203.0.113.10", ipPrefix: "203.0.113.0/24", browser: "Chrome", browserMajor: "131", os: "Windows", deviceType: "desktop" });
    expect(row.uaHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
