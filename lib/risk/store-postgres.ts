// Risk counters in PostgreSQL, shared by every instance (the default when DATABASE_URL is
// PostgreSQL and REDIS_URL is not set). One row per session, updated in place by one upsert per
// request (one round trip). The minute is a sliding-window estimate: this minute's count plus the
// previous minute's weighted by how much of it is still inside the window — exact enough for a
// 120/min threshold, and O(1) per request instead of a row per second.
// Failures use a fixed window that starts at the first failure.
import { createHash } from "node:crypto";
import { MAX_PAGES, type ObserveOptions, type Observation, type RiskStore } from "./store";

/** What this store needs of a database client: one parameterised statement, its rows. */
export interface Queryable {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
}

type Num = number | string | bigint; // node-postgres returns BIGINT as a string
type Row = { secondHits: Num; minuteHits: Num; prevMinuteHits: Num; failStart: Num; failures: Num; challengeAt: Num };

// $1 id, $2 now ms, $3 second, $4 minute, $5 page or null, $6 max pages
const OBSERVE = `
INSERT INTO "RiskCounter" AS r ("sessionId", "second", "secondHits", "minute", "minuteHits", "prevMinuteHits", "pages", "updatedAt")
VALUES ($1, $3::bigint, 1, $4::bigint, 1, 0, CASE WHEN $5::text IS NULL THEN '{}' ELSE jsonb_build_object($5::text, $2::bigint)::text END, $2::bigint)
ON CONFLICT ("sessionId") DO UPDATE SET
  "secondHits" = CASE WHEN r."second" = EXCLUDED."second" THEN r."secondHits" + 1 ELSE 1 END,
  "second" = EXCLUDED."second",
  "prevMinuteHits" = CASE WHEN r."minute" = EXCLUDED."minute" THEN r."prevMinuteHits" WHEN r."minute" = EXCLUDED."minute" - 1 THEN r."minuteHits" ELSE 0 END,
  "minuteHits" = CASE WHEN r."minute" = EXCLUDED."minute" THEN r."minuteHits" + 1 ELSE 1 END,
  "minute" = EXCLUDED."minute",
  "pages" = CASE
    WHEN $5::text IS NULL THEN r."pages"
    WHEN NOT (r."pages"::jsonb ? $5::text) AND (SELECT count(*) FROM jsonb_object_keys(r."pages"::jsonb)) >= $6::int THEN jsonb_build_object($5::text, $2::bigint)::text
    ELSE (r."pages"::jsonb || jsonb_build_object($5::text, $2::bigint))::text END,
  "updatedAt" = EXCLUDED."updatedAt"
RETURNING "secondHits", "minuteHits", "prevMinuteHits", "failStart", "failures", "challengeAt"`;

// $1 id, $2 now ms, $3 window ms
const ADD_FAILURE = `
INSERT INTO "RiskCounter" AS r ("sessionId", "second", "secondHits", "minute", "minuteHits", "prevMinuteHits", "failStart", "failures", "updatedAt")
VALUES ($1, 0, 0, 0, 0, 0, $2::bigint, 1, $2::bigint)
ON CONFLICT ("sessionId") DO UPDATE SET
  "failures" = CASE WHEN r."failStart" > $2::bigint - $3::bigint THEN r."failures" + 1 ELSE 1 END,
  "failStart" = CASE WHEN r."failStart" > $2::bigint - $3::bigint THEN r."failStart" ELSE $2::bigint END,
  "updatedAt" = $2::bigint
RETURNING "failures"`;

// $1 id, $2 now ms
const CHALLENGE_PASSED = `
INSERT INTO "RiskCounter" AS r ("sessionId", "second", "secondHits", "minute", "minuteHits", "prevMinuteHits", "challengeAt", "updatedAt")
VALUES ($1, 0, 0, 0, 0, 0, $2::bigint, $2::bigint)
ON CONFLICT ("sessionId") DO UPDATE SET "secondHits" = 0, "minuteHits" = 0, "prevMinuteHits" = 0, "challengeAt" = $2::bigint, "updatedAt" = $2::bigint
RETURNING "sessionId"`;

// $1 key hash, $2 expires ms, $3 now ms: a row comes back only when the key was free (or expired).
const ONCE = `
INSERT INTO "RiskOnce" AS o ("key", "expiresAt") VALUES ($1, $2::bigint)
ON CONFLICT ("key") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt" WHERE o."expiresAt" < $3::bigint
RETURNING "key"`;

const n = (v: Num) => Number(v);

export class PostgresRiskStore implements RiskStore {
  readonly kind = "postgres" as const;
  /** A getter, not a client: the process's client can be replaced (tests install their own). */
  constructor(private client: () => Queryable) {}

  private q<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.client().query<T>(sql, params);
  }

  async observe(id: string, nowMs: number, o: ObserveOptions): Promise<Observation> {
    const sec = Math.floor(nowMs / 1000);
    const minute = Math.floor(sec / 60);
    const rows = await this.q<Row>(OBSERVE, id, nowMs, sec, minute, o.pageView ?? null, MAX_PAGES);
    const r = rows[0];
    if (!r) throw new Error("risk counter upsert returned no row");
    const stillInWindow = (60 - (sec % 60)) / 60;
    const failures = n(r.failStart) > nowMs - o.failureWindowMs ? n(r.failures) : 0;
    return { perSecond: n(r.secondHits), perMinute: n(r.minuteHits) + Math.floor(n(r.prevMinuteHits) * stillInWindow), failures, challengePassedAt: n(r.challengeAt) };
  }

  async addFailure(id: string, nowMs: number, windowMs: number): Promise<number> {
    const rows = await this.q<{ failures: Num }>(ADD_FAILURE, id, nowMs, windowMs);
    return n(rows[0]?.failures ?? 0);
  }

  async viewedSince(id: string, path: string, sinceMs: number): Promise<boolean> {
    const rows = await this.q<{ at: string | null }>(`SELECT "pages"::jsonb ->> $2::text AS at FROM "RiskCounter" WHERE "sessionId" = $1`, id, path);
    const at = rows[0]?.at;
    return at != null && Number(at) >= sinceMs;
  }

  async markChallengePassed(id: string, nowMs: number): Promise<void> {
    await this.q(CHALLENGE_PASSED, id, nowMs);
  }

  async once(key: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const h = createHash("sha256").update(key).digest("base64url");
    const rows = await this.q(ONCE, h, nowMs + ttlMs, nowMs);
    return rows.length === 1;
  }

  async reset(id: string): Promise<void> {
    await this.q(`DELETE FROM "RiskCounter" WHERE "sessionId" = $1`, id);
  }
}
