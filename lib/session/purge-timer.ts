import "server-only";
// The purge on a timer inside the server (PURGE_INTERVAL_MINUTES; 0 turns it off, e.g. when a
// cron job runs `npm run sessions:purge` instead). One run at a time per process, each bounded in
// time; with several instances each runs it too, which is harmless: every delete is idempotent
// and batched (short statements, no long locks).
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { SQLITE_OPTIMIZE } from "@/lib/db/sqlite-stats";
import { logger } from "@/lib/log";
import { purgeExpired, type PurgeOptions, type PurgeResult } from "./purge";

export interface PurgeTimerOptions {
  intervalMs: number;
  /** The first run waits this long, so a starting server is not slowed down. */
  firstDelayMs?: number;
  purge?: (o: PurgeOptions) => Promise<PurgeResult>;
  options?: () => PurgeOptions;
  /** Runs after each purge (e.g. statistics upkeep); its failure is logged like the purge's. */
  after?: () => Promise<void>;
}

/** Starts the timer; returns a function that stops it. The timer never keeps the process alive. */
export function startPurgeTimer(o: PurgeTimerOptions): () => void {
  const purge = o.purge ?? purgeExpired;
  let running = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const r = await purge({ maxRuntimeMs: 60_000, ...o.options?.() });
      const total = Object.values(r.deleted).reduce((a, b) => a + b, 0);
      if (total > 0) logger.info("purge", { deleted: r.deleted, complete: r.complete });
      await o.after?.();
    } catch (err) {
      // The database may be down for a moment; the next tick tries again.
      logger.warn("purge failed", { error: (err as Error).message });
    } finally {
      running = false;
      if (!stopped) schedule(o.intervalMs);
    }
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  schedule(o.firstDelayMs ?? o.intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** The server's timer, from the configuration (instrumentation.ts). */
export function startConfiguredPurgeTimer(): void {
  const c = config();
  if (c.PURGE_INTERVAL_MINUTES === 0) return;
  startPurgeTimer({
    intervalMs: c.PURGE_INTERVAL_MINUTES * 60_000,
    firstDelayMs: 60_000,
    options: () => ({ sessionRetentionDays: c.SESSION_RETENTION_DAYS, eventRetentionDays: c.EVENT_RETENTION_DAYS }),
    // After deleting rows, refresh SQLite's planner statistics (lib/db/sqlite-stats.ts).
    after: c.DATABASE_URL.startsWith("file:") ? async () => { for (const p of SQLITE_OPTIMIZE) await db().$queryRawUnsafe(p); } : undefined,
  });
}
