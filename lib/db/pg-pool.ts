import "server-only";
// node-postgres for the hot-path counter upsert (lib/risk/store-postgres.ts), on the same pool
// as the session lookup (lib/db/drivers.ts).
import type pg from "pg";
import type { Queryable } from "@/lib/risk/store-postgres";
import { currentDriver } from "./drivers";

export function pgQueryable(pool: pg.Pool): Queryable {
  return { query: async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[] };
}

const cache = new WeakMap<pg.Pool, Queryable>();

/** The current database's pool as a Queryable (PostgreSQL only). */
export function riskPool(): Queryable {
  const d = currentDriver();
  if (d.dialect !== "postgresql") throw new Error("the PostgreSQL risk store needs a PostgreSQL DATABASE_URL");
  let q = cache.get(d.pool);
  if (!q) cache.set(d.pool, (q = pgQueryable(d.pool)));
  return q;
}
