import "server-only";
// Retention: deletes rows nobody needs any more, in small batches (short statements, no long
// locks), with every loop bounded. Used by `npm run sessions:purge` (scripts/sessions-purge.ts).
//
//   Session        ended (revoked/expired) more than sessionRetentionDays ago, and rows still
//                  marked active/flagged that are past their idle or absolute timeout and were
//                  last seen more than sessionRetentionDays ago (expired, never marked so because
//                  no request came back). A session that is still usable is never deleted.
//   PendingSignIn  expired more than 1 day ago
//   RateLimit      counters whose window has expired
//   SecurityEvent  older than eventRetentionDays
//   RiskCounter    shared risk counters untouched for RISK_COUNTER_RETENTION_MS (their windows are shorter)
//   RiskOnce       single-use keys past their expiry
// Deleting a session keeps its security events (their sessionId becomes null).
import { db } from "@/lib/db/client";

export const DEFAULT_SESSION_RETENTION_DAYS = 30;
export const DEFAULT_EVENT_RETENTION_DAYS = 180;
export const PENDING_SIGN_IN_RETENTION_MS = 24 * 60 * 60 * 1000;
export const RISK_COUNTER_RETENTION_MS = 2 * 60 * 60 * 1000;
export const DEFAULT_BATCH_SIZE = 1000;
/** Per table and run: 10,000 batches × 1,000 rows = 10 M rows; a larger backlog takes more runs. */
export const DEFAULT_MAX_BATCHES = 10_000;
/** Per run, all tables together. */
export const DEFAULT_MAX_RUNTIME_MS = 10 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgeOptions {
  now?: Date;
  sessionRetentionDays?: number;
  eventRetentionDays?: number;
  batchSize?: number;
  maxBatches?: number;
  maxRuntimeMs?: number;
  /** Count what would be deleted (first batch only per table), delete nothing. */
  dryRun?: boolean;
  onBatch?: (table: PurgeTable, deleted: number) => void;
}

export type PurgeTable = "sessions" | "pendingSignIns" | "rateLimits" | "securityEvents" | "riskCounters" | "riskOnce" | "powChallenges" | "emailChanges";

/** Issued puzzles are kept this long past their expiry (then neither solvable nor useful). */
export const POW_CHALLENGE_RETENTION_MS = 60 * 60 * 1000;
/** Email changes are kept past their link's expiry for the 7-day "This wasn't me" window, plus a day. */
export const EMAIL_CHANGE_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;

export interface PurgeResult {
  deleted: Record<PurgeTable, number>;
  batches: Record<PurgeTable, number>;
  /** False when a table still had rows to delete when maxBatches or maxRuntimeMs stopped the run. */
  complete: boolean;
  cutoffs: { sessions: Date; pendingSignIns: Date; securityEvents: Date };
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
}

export async function purgeExpired(opts: PurgeOptions = {}): Promise<PurgeResult> {
  const now = opts.now ?? new Date();
  const sessionDays = positive("sessionRetentionDays", opts.sessionRetentionDays ?? DEFAULT_SESSION_RETENTION_DAYS);
  const eventDays = positive("eventRetentionDays", opts.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS);
  const batchSize = Math.floor(positive("batchSize", opts.batchSize ?? DEFAULT_BATCH_SIZE));
  if (batchSize > 10_000) throw new Error("batchSize must be at most 10000");
  const maxBatches = Math.floor(positive("maxBatches", opts.maxBatches ?? DEFAULT_MAX_BATCHES));
  const deadline = Date.now() + positive("maxRuntimeMs", opts.maxRuntimeMs ?? DEFAULT_MAX_RUNTIME_MS);

  const sessionCutoff = new Date(now.getTime() - sessionDays * DAY_MS);
  const pendingCutoff = new Date(now.getTime() - PENDING_SIGN_IN_RETENTION_MS);
  const eventCutoff = new Date(now.getTime() - eventDays * DAY_MS);

  const sessionWhere = {
    OR: [
      { status: { in: ["revoked", "expired"] }, endedAt: { lt: sessionCutoff } },
      // Ended rows from before endedAt was always written: fall back to last activity.
      { status: { in: ["revoked", "expired"] }, endedAt: null, lastSeenAt: { lt: sessionCutoff } },
      // Marked live but past a timeout (nobody came back to expire it) and idle for the whole
      // retention window. Both conditions: a session usable at `now` is never deleted.
      { status: { in: ["active", "flagged"] }, lastSeenAt: { lt: sessionCutoff }, OR: [{ idleExpiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }] },
    ],
  };
  const pendingWhere = { expiresAt: { lt: pendingCutoff } };
  const rateWhere = { expire: { lt: now } };
  const eventWhere = { createdAt: { lt: eventCutoff } };
  const counterWhere = { updatedAt: { lt: BigInt(now.getTime() - RISK_COUNTER_RETENTION_MS) } };
  const onceWhere = { expiresAt: { lt: BigInt(now.getTime()) } };
  const powWhere = { expiresAt: { lt: new Date(now.getTime() - POW_CHALLENGE_RETENTION_MS) } };
  const emailChangeWhere = { expiresAt: { lt: new Date(now.getTime() - EMAIL_CHANGE_RETENTION_MS) } };

  // Each batch: read the next batchSize keys in key order (after the previous batch: a cursor, so
  // the whole run reads each table once), then delete the rows in that key range that still match
  // (a row that changed in between is left alone). Two short statements, no long transaction, and
  // a handful of bind parameters whatever the batch size (SQLite allows few).
  const range = (first: string, last: string) => ({ gte: first, lte: last });
  const tables: { table: PurgeTable; next: (after: string | undefined) => Promise<string[]>; del: (first: string, last: string) => Promise<number> }[] = [
    {
      table: "sessions",
      next: async (after) => (await db().session.findMany({ where: { AND: [sessionWhere, after === undefined ? {} : { id: { gt: after } }] }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize })).map((r) => r.id),
      del: async (first, last) => (await db().session.deleteMany({ where: { AND: [sessionWhere, { id: range(first, last) }] } })).count,
    },
    {
      table: "pendingSignIns",
      next: async (after) => (await db().pendingSignIn.findMany({ where: { ...pendingWhere, ...(after === undefined ? {} : { id: { gt: after } }) }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize })).map((r) => r.id),
      del: async (first, last) => (await db().pendingSignIn.deleteMany({ where: { ...pendingWhere, id: range(first, last) } })).count,
    },
    {
      table: "rateLimits",
      next: async (after) => (await db().rateLimit.findMany({ where: { ...rateWhere, ...(after === undefined ? {} : { key: { gt: after } }) }, select: { key: true }, orderBy: { key: "asc" }, take: batchSize })).map((r) => r.key),
      del: async (first, last) => (await db().rateLimit.deleteMany({ where: { ...rateWhere, key: range(first, last) } })).count,
    },
    {
      table: "securityEvents",
      next: async (after) => (await db().securityEvent.findMany({ where: { ...eventWhere, ...(after === undefined ? {} : { id: { gt: after } }) }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize })).map((r) => r.id),
      del: async (first, last) => (await db().securityEvent.deleteMany({ where: { ...eventWhere, id: range(first, last) } })).count,
    },
    {
      table: "riskCounters",
      next: async (after) => (await db().riskCounter.findMany({ where: { ...counterWhere, ...(after === undefined ? {} : { sessionId: { gt: after } }) }, select: { sessionId: true }, orderBy: { sessionId: "asc" }, take: batchSize })).map((r) => r.sessionId),
      del: async (first, last) => (await db().riskCounter.deleteMany({ where: { ...counterWhere, sessionId: range(first, last) } })).count,
    },
    {
      table: "riskOnce",
      next: async (after) => (await db().riskOnce.findMany({ where: { ...onceWhere, ...(after === undefined ? {} : { key: { gt: after } }) }, select: { key: true }, orderBy: { key: "asc" }, take: batchSize })).map((r) => r.key),
      del: async (first, last) => (await db().riskOnce.deleteMany({ where: { ...onceWhere, key: range(first, last) } })).count,
    },
    {
      table: "powChallenges",
      next: async (after) => (await db().powChallenge.findMany({ where: { ...powWhere, ...(after === undefined ? {} : { id: { gt: after } }) }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize })).map((r) => r.id),
      del: async (first, last) => (await db().powChallenge.deleteMany({ where: { ...powWhere, id: range(first, last) } })).count,
    },
    {
      table: "emailChanges",
      next: async (after) => (await db().emailChange.findMany({ where: { ...emailChangeWhere, ...(after === undefined ? {} : { id: { gt: after } }) }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize })).map((r) => r.id),
      del: async (first, last) => (await db().emailChange.deleteMany({ where: { ...emailChangeWhere, id: range(first, last) } })).count,
    },
  ];

  const result: PurgeResult = {
    deleted: { sessions: 0, pendingSignIns: 0, rateLimits: 0, securityEvents: 0, riskCounters: 0, riskOnce: 0, powChallenges: 0, emailChanges: 0 },
    batches: { sessions: 0, pendingSignIns: 0, rateLimits: 0, securityEvents: 0, riskCounters: 0, riskOnce: 0, powChallenges: 0, emailChanges: 0 },
    complete: true,
    cutoffs: { sessions: sessionCutoff, pendingSignIns: pendingCutoff, securityEvents: eventCutoff },
  };
  for (const t of tables) {
    let after: string | undefined;
    for (;;) {
      if (result.batches[t.table] >= maxBatches || Date.now() > deadline) {
        if ((await t.next(after)).length > 0) result.complete = false;
        break;
      }
      const keys = await t.next(after);
      if (keys.length === 0) break;
      result.batches[t.table]++;
      const n = opts.dryRun ? keys.length : await t.del(keys[0] as string, keys[keys.length - 1] as string);
      result.deleted[t.table] += n;
      opts.onBatch?.(t.table, n);
      after = keys[keys.length - 1];
      // A short batch means the table is drained; a dry run looks at one batch only.
      if (keys.length < batchSize || opts.dryRun) {
        if (opts.dryRun && keys.length === batchSize) result.complete = false;
        break;
      }
    }
  }
  return result;
}
