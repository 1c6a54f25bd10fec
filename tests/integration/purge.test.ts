// Retention purge against a real database: what goes, what stays, and that work is batched.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createSession } from "@/lib/session/store";
import { validateSessionToken } from "@/lib/session/validate";
import { purgeExpired } from "@/lib/session/purge";
import { startPurgeTimer } from "@/lib/session/purge-timer";
import { makeUser, meta } from "../support/fixtures";

const DAY = 86_400_000;
const ago = (ms: number, now = Date.now()) => new Date(now - ms);

async function sessionRow(userId: string, shape: { status: string; lastSeenAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date; endedAt?: Date | null }) {
  const issued = await createSession({ userId, role: "user", mfaMethod: "totp", meta: meta() });
  await db().session.update({
    where: { id: issued.sessionId },
    data: {
      status: shape.status,
      createdAt: new Date(Math.min(shape.lastSeenAt.getTime(), Date.now())),
      lastSeenAt: shape.lastSeenAt,
      idleExpiresAt: shape.idleExpiresAt,
      absoluteExpiresAt: shape.absoluteExpiresAt,
      endedAt: shape.endedAt ?? null,
      endedBy: shape.status === "active" || shape.status === "flagged" ? null : "system",
    },
  });
  return issued;
}

const exists = async (id: string) => (await db().session.count({ where: { id } })) === 1;

describe("purgeExpired", () => {
  it("deletes old ended sessions and silently expired ones; keeps recent ended and every usable session", async () => {
    const u = await makeUser();
    const now = Date.now();
    const old = ago(40 * DAY, now);
    const recent = ago(10 * DAY, now);
    const future = new Date(now + 3_600_000);
    const oldRevoked = await sessionRow(u.userId, { status: "revoked", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old, endedAt: old });
    const oldExpired = await sessionRow(u.userId, { status: "expired", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old, endedAt: old });
    const oldEndedNoDate = await sessionRow(u.userId, { status: "revoked", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old, endedAt: null });
    const recentRevoked = await sessionRow(u.userId, { status: "revoked", lastSeenAt: recent, idleExpiresAt: recent, absoluteExpiresAt: recent, endedAt: recent });
    // Ended long after it was last used: retention counts from the end.
    const endedRecentlyIdleLong = await sessionRow(u.userId, { status: "revoked", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: future, endedAt: recent });
    // Still marked active, past its timeouts and unseen for 40 days: effectively expired.
    const staleActive = await sessionRow(u.userId, { status: "active", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old });
    const staleFlagged = await sessionRow(u.userId, { status: "flagged", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: ago(39 * DAY, now) });
    // Past its timeouts but last seen within the retention window: kept for now.
    const recentlyExpiredActive = await sessionRow(u.userId, { status: "active", lastSeenAt: recent, idleExpiresAt: recent, absoluteExpiresAt: recent });
    // Usable now, however old its last-seen looks: never deleted.
    const usableOld = await sessionRow(u.userId, { status: "active", lastSeenAt: ago(365 * DAY, now), idleExpiresAt: future, absoluteExpiresAt: future });
    const usable = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });

    const r = await purgeExpired({ now: new Date(now) });
    expect(r.complete).toBe(true);

    for (const gone of [oldRevoked, oldExpired, oldEndedNoDate, staleActive, staleFlagged]) expect(await exists(gone.sessionId)).toBe(false);
    for (const kept of [recentRevoked, endedRecentlyIdleLong, recentlyExpiredActive, usableOld, usable]) expect(await exists(kept.sessionId)).toBe(true);
    expect(r.deleted.sessions).toBeGreaterThanOrEqual(5);
    expect((await validateSessionToken(usable.token, meta())).ok).toBe(true);
  });

  it("respects the configured session retention", async () => {
    const u = await makeUser();
    const now = Date.now();
    const s = await sessionRow(u.userId, { status: "expired", lastSeenAt: ago(10 * DAY, now), idleExpiresAt: ago(10 * DAY, now), absoluteExpiresAt: ago(10 * DAY, now), endedAt: ago(10 * DAY, now) });
    await purgeExpired({ now: new Date(now) });
    expect(await exists(s.sessionId)).toBe(true);
    await purgeExpired({ now: new Date(now), sessionRetentionDays: 7 });
    expect(await exists(s.sessionId)).toBe(false);
  });

  it("purges old security events (keeping recent ones and the events of purged sessions), stale pending sign-ins and expired rate-limit counters", async () => {
    const u = await makeUser();
    const now = Date.now();
    const old = ago(40 * DAY, now);
    const purgedSession = await sessionRow(u.userId, { status: "revoked", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old, endedAt: old });
    const oldEvent = await db().securityEvent.create({ data: { type: "sign_in", userId: u.userId, createdAt: ago(200 * DAY, now) } });
    const recentEvent = await db().securityEvent.create({ data: { type: "sign_in", userId: u.userId, createdAt: ago(100 * DAY, now) } });
    const eventOfPurged = await db().securityEvent.create({ data: { type: "sign_out", userId: u.userId, sessionId: purgedSession.sessionId, createdAt: old } });
    const stalePending = await db().pendingSignIn.create({ data: { userId: u.userId, purpose: "mfa", ip: "203.0.113.10", createdAt: ago(2 * DAY, now), expiresAt: ago(2 * DAY - 300_000, now) } });
    const expiredPending = await db().pendingSignIn.create({ data: { userId: u.userId, purpose: "mfa", ip: "203.0.113.10", createdAt: ago(3_600_000, now), expiresAt: ago(3_300_000, now) } });
    await db().rateLimit.createMany({ data: [
      { key: "purge-test:expired", points: 3, expire: ago(60_000, now) },
      { key: "purge-test:live", points: 3, expire: new Date(now + 60_000) },
      { key: "purge-test:forever", points: 3, expire: null },
    ] });

    await db().riskCounter.createMany({ data: [
      { sessionId: "purge-test:stale", second: 0n, secondHits: 1, minute: 0n, minuteHits: 1, prevMinuteHits: 0, updatedAt: BigInt(now - 3 * 3_600_000) },
      { sessionId: "purge-test:recent", second: 0n, secondHits: 1, minute: 0n, minuteHits: 1, prevMinuteHits: 0, updatedAt: BigInt(now - 60_000) },
    ] });
    await db().riskOnce.createMany({ data: [{ key: "purge-test:used", expiresAt: BigInt(now - 1000) }, { key: "purge-test:valid", expiresAt: BigInt(now + 60_000) }] });

    const r = await purgeExpired({ now: new Date(now) });

    expect((await db().riskCounter.findMany({ where: { sessionId: { startsWith: "purge-test:" } } })).map((x) => x.sessionId)).toEqual(["purge-test:recent"]);
    expect((await db().riskOnce.findMany({ where: { key: { startsWith: "purge-test:" } } })).map((x) => x.key)).toEqual(["purge-test:valid"]);
    expect(await db().securityEvent.count({ where: { id: oldEvent.id } })).toBe(0);
    expect(await db().securityEvent.count({ where: { id: recentEvent.id } })).toBe(1);
    expect(await db().securityEvent.findUnique({ where: { id: eventOfPurged.id } })).toMatchObject({ sessionId: null, type: "sign_out" });
    expect(await db().pendingSignIn.count({ where: { id: stalePending.id } })).toBe(0);
    expect(await db().pendingSignIn.count({ where: { id: expiredPending.id } })).toBe(1); // expired < 1 day ago: kept
    expect((await db().rateLimit.findMany({ where: { key: { startsWith: "purge-test:" } }, orderBy: { key: "asc" } })).map((x) => x.key)).toEqual(["purge-test:forever", "purge-test:live"]);
    expect(r.deleted).toMatchObject({ securityEvents: 1, pendingSignIns: 1, rateLimits: 1, riskCounters: 1, riskOnce: 1 });
  });

  it("works in bounded batches and reports an unfinished run", async () => {
    const now = Date.now();
    await purgeExpired({ now: new Date(now) }); // drain what earlier tests left
    const u = await makeUser();
    const old = ago(40 * DAY, now);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await sessionRow(u.userId, { status: "expired", lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old, endedAt: old })).sessionId);

    const dry = await purgeExpired({ now: new Date(now), batchSize: 2, dryRun: true });
    expect(dry.deleted.sessions).toBe(2);
    expect(await db().session.count({ where: { id: { in: ids } } })).toBe(5);

    const seen: number[] = [];
    const first = await purgeExpired({ now: new Date(now), batchSize: 2, maxBatches: 1, onBatch: (t, n) => t === "sessions" && seen.push(n) });
    expect(first).toMatchObject({ complete: false, deleted: { sessions: 2 }, batches: { sessions: 1 } });
    expect(await db().session.count({ where: { id: { in: ids } } })).toBe(3);

    const rest = await purgeExpired({ now: new Date(now), batchSize: 2, onBatch: (t, n) => t === "sessions" && seen.push(n) });
    expect(rest).toMatchObject({ complete: true, deleted: { sessions: 3 }, batches: { sessions: 2 } });
    expect(seen).toEqual([2, 2, 1]);
    expect(await db().session.count({ where: { id: { in: ids } } })).toBe(0);
  });

  it("deletes full-size batches (1,000 rows per statement) on both databases", async () => {
    const now = Date.now();
    await purgeExpired({ now: new Date(now) });
    const u = await makeUser();
    const old = ago(40 * DAY, now);
    const row = (i: number) => ({
      tokenHash: randomBytes(32).toString("hex"), userId: u.userId, role: "user", createdAt: old, lastSeenAt: old, idleExpiresAt: old, absoluteExpiresAt: old,
      mfaAt: old, mfaMethod: "totp", ip: "203.0.113.10", ipPrefix: "203.0.113.0/24", lastIp: "203.0.113.10", uaHash: "x", userAgent: `bulk ${i}`,
      deviceType: "desktop", status: "expired", endedAt: old, endedBy: "system", endedReason: "idle",
    });
    await db().session.createMany({ data: Array.from({ length: 1005 }, (_, i) => row(i)) });
    const live = await createSession({ userId: u.userId, role: "user", mfaMethod: "totp", meta: meta() });
    const r = await purgeExpired({ now: new Date(now) });
    expect(r).toMatchObject({ complete: true, deleted: { sessions: 1005 }, batches: { sessions: 2 } });
    expect(await db().session.count({ where: { userId: u.userId } })).toBe(1);
    expect(await exists(live.sessionId)).toBe(true);
  });

  it("refuses nonsense options", async () => {
    await expect(purgeExpired({ sessionRetentionDays: 0 })).rejects.toThrow(/sessionRetentionDays/);
    await expect(purgeExpired({ batchSize: 50_000 })).rejects.toThrow(/batchSize/);
  });
});

describe("purge timer", () => {
  it("runs the real purge on its interval, one run at a time, until stopped", async () => {
    const now = Date.now();
    await db().riskCounter.create({ data: { sessionId: "timer-test:stale", second: 0n, secondHits: 1, minute: 0n, minuteHits: 1, prevMinuteHits: 0, updatedAt: BigInt(now - 3 * 3_600_000) } });
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const stop = startPurgeTimer({
      intervalMs: 20,
      firstDelayMs: 1,
      purge: async (o) => {
        runs++;
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        try {
          return await purgeExpired(o);
        } finally {
          concurrent--;
        }
      },
    });
    try {
      await expect.poll(async () => db().riskCounter.count({ where: { sessionId: "timer-test:stale" } }), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => runs, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
    }
    const after = runs;
    await new Promise((r) => setTimeout(r, 200));
    expect(runs - after).toBeLessThanOrEqual(1); // at most the run in flight when stopped
    expect(maxConcurrent).toBe(1);
  });
});
