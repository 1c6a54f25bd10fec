import "server-only";
// A small node-postgres pool for the hot-path counter upsert (lib/risk/store-postgres.ts). Prisma's
// raw-query path costs ~0.5 ms of CPU per statement here; node-postgres costs a fraction of that,
// and this statement runs on every request when counters are shared. Sessions stay on Prisma.
import pg from "pg";
import { config } from "@/lib/config";
import type { Queryable } from "@/lib/risk/store-postgres";

const holder = globalThis as unknown as { __sgPgPool?: { pool: pg.Pool; q: Queryable } };

export function pgQueryable(pool: pg.Pool): Queryable {
  return { query: async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[] };
}

/** The process's pool for DATABASE_URL (PostgreSQL only). */
export function riskPool(): Queryable {
  if (!holder.__sgPgPool) {
    const pool = new pg.Pool({ connectionString: config().DATABASE_URL, max: 5, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the next query fails (→ 503).
    pool.on("error", () => undefined);
    holder.__sgPgPool = { pool, q: pgQueryable(pool) };
  }
  return holder.__sgPgPool.q;
}
