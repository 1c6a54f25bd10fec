// Admin flag queue: only open flags, highest score first, filters, keyset pagination.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createSession } from "@/lib/session/store";
import { decodeQueueCursor, listFlagQueue, openFlagWhere, type QueueFilters } from "@/lib/admin/queue";
import { makeUser, meta } from "../support/fixtures";

async function flagged(userId: string, score: number, opts: { status?: string; reason?: string; resolution?: string | null; ip?: string; flaggedAt?: Date | null; ua?: string } = {}) {
  const s = await createSession({ userId, role: "user", mfaMethod: "totp", meta: meta(opts.ip ?? "203.0.113.10", opts.ua) });
  await db().session.update({
    where: { id: s.sessionId },
    data: {
      status: opts.status ?? "flagged", riskScore: score, flaggedAt: opts.flaggedAt === undefined ? new Date() : opts.flaggedAt,
      flagReason: opts.reason ?? "new network and a different browser", flagResolution: opts.resolution ?? null,
    },
  });
  return s.sessionId;
}

async function allPages(f: QueueFilters, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: Awaited<ReturnType<typeof listFlagQueue>> = await listFlagQueue(f, decodeQueueCursor(cursor), pageSize);
    out.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("flag queue", () => {
  it("returns only open flags, sorted by risk score (desc)", async () => {
    const u = await makeUser();
    const tag = `q-only-${Date.now()}`;
    const low = await flagged(u.userId, 40, { reason: tag });
    const high = await flagged(u.userId, 135, { status: "suspended", reason: tag });
    const mid = await flagged(u.userId, 90, { reason: tag });
    const suspendedNoFlagTime = await flagged(u.userId, 70, { status: "suspended", reason: tag, flaggedAt: null });
    await flagged(u.userId, 200, { reason: tag, resolution: "dismissed" });
    await flagged(u.userId, 199, { reason: tag, resolution: "stepped_up", status: "active" });
    await flagged(u.userId, 198, { reason: tag, resolution: "revoked", status: "revoked" });
    await flagged(u.userId, 197, { reason: tag, status: "active", flaggedAt: null }); // never flagged
    const { rows } = await listFlagQueue({ reason: tag }, null);
    expect(rows.map((r) => r.id)).toEqual([high, mid, suspendedNoFlagTime, low]);
    expect(rows[0]).toMatchObject({ email: u.email, riskScore: 135, status: "suspended", reason: tag, ip: "203.0.113.10" });
  });

  it("filters by reason, status, time range, email and IP prefix", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const tag = `q-filter-${Date.now()}`;
    const a1 = await flagged(a.userId, 50, { reason: `${tag} rapid-fire`, ip: "198.51.100.7" });
    const a2 = await flagged(a.userId, 60, { reason: `${tag} impossible travel`, status: "suspended", ip: "81.2.69.160", flaggedAt: new Date(Date.now() - 3 * 86400_000) });
    const b1 = await flagged(b.userId, 70, { reason: `${tag} rapid-fire`, ip: "198.51.100.200" });
    const ids = async (f: QueueFilters) => (await listFlagQueue(f, null)).rows.map((r) => r.id);
    expect(await ids({ reason: `${tag} rapid` })).toEqual([b1, a1]);
    expect(await ids({ reason: tag, status: "suspended" })).toEqual([a2]);
    expect(await ids({ reason: tag, range: "24h" })).toEqual([b1, a1]);
    expect(await ids({ reason: tag, q: a.email })).toEqual([a2, a1]);
    expect(await ids({ reason: tag, q: "198.51.100.0/24" })).toEqual([b1, a1]);
    expect(await ids({ reason: tag, q: "198.51.100.7" })).toEqual([a1]);
    expect(await ids({ reason: tag, q: "nobody@example.test" })).toEqual([]);
  });

  it("keyset pagination visits every open flag once, in order, with ties on the score, even while new flags arrive", async () => {
    const u = await makeUser();
    const tag = `q-page-${Date.now()}`;
    const made: { id: string; score: number }[] = [];
    for (let i = 0; i < 23; i++) {
      const score = [100, 80, 80, 80, 60][i % 5]!;
      made.push({ id: await flagged(u.userId, score, { reason: tag }), score });
    }
    const expected = [...made].sort((x, y) => y.score - x.score || (x.id < y.id ? 1 : -1)).map((m) => m.id);
    expect(await allPages({ reason: tag }, 5)).toEqual(expected);

    // Page 1, then a new high-score flag and a resolved one: the rest of the walk neither repeats nor skips.
    const first = await listFlagQueue({ reason: tag }, null, 5);
    await flagged(u.userId, 150, { reason: tag });
    await db().session.update({ where: { id: expected[20]! }, data: { flagResolution: "dismissed" } });
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const p = await listFlagQueue({ reason: tag }, decodeQueueCursor(cursor), 5);
      rest.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
    }
    expect([...first.rows.map((r) => r.id), ...rest]).toEqual(expected.filter((id) => id !== expected[20]));
  });

  it("rejects forged cursors (treated as the first page)", async () => {
    expect(decodeQueueCursor("not-a-cursor")).toBeNull();
    expect(decodeQueueCursor(Buffer.from("1:abc' OR 1=1").toString("base64url"))).toBeNull();
    expect(decodeQueueCursor(Buffer.from("80:ckabc123").toString("base64url"))).toEqual({ score: 80, id: "ckabc123" });
  });

  it("the open-flag filter is the one the overview counts", async () => {
    const before = await db().session.count({ where: openFlagWhere() });
    const u = await makeUser();
    await flagged(u.userId, 10);
    expect(await db().session.count({ where: openFlagWhere() })).toBe(before + 1);
  });
});
