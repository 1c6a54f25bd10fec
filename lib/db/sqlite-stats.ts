// SQLite's planner needs table statistics to pick the right index: without them the admin queue
// walked the whole (flagResolution, riskScore, id) index when few flags were open (681 ms at 1 M
// sessions, 0 open flags); with them it uses the flaggedAt/status indexes (< 1 ms) and still the
// ordered index when many are open. `PRAGMA optimize` (SQLite's recommended periodic call)
// refreshes them only when they are missing or stale (row counts changed ~10×). No
// analysis_limit: sampled statistics (limit 1000 or 20000) misjudged the flaggedAt index and kept
// the slow plan; a full ANALYZE takes ~0.3 s per 300k sessions here, and WAL keeps writers going.
// PostgreSQL keeps its own statistics (autovacuum's analyze).
import type Database from "better-sqlite3";

export const SQLITE_OPTIMIZE = ["PRAGMA optimize = 0x10002"] as const;

export function optimizeSqlite(db: Database.Database): void {
  for (const p of SQLITE_OPTIMIZE) db.prepare(p).all();
}
