import "server-only";
// Plain driver connections for the two statements that run on every request: the session
// lookup (lib/session/lookup.ts) and, with shared counters, the risk-counter upsert. Prisma's
// query path costs ~1.4 ms of CPU per request here (profiled under load: query compiler, adapter,
// a fresh prepare each time); a prepared better-sqlite3 statement or a named node-postgres
// statement costs a small fraction. Everything else stays on Prisma. Keyed by URL and following
// the process's Prisma client (db()), so tests that swap the client swap these too.
import Database from "better-sqlite3";
import pg from "pg";
import { db, urlOf } from "./client";
import { dialectOf, sqlitePath } from "./url";

export type Driver =
  | { dialect: "sqlite"; sqlite: Database.Database }
  | { dialect: "postgresql"; pool: pg.Pool };

// Prisma writes DateTime as TIMESTAMP(3) without time zone, in UTC; node-postgres would read
// such a value as local time.
const TIMESTAMP = 1114;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP ? (v: string) => new Date(`${v.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

const holder = globalThis as unknown as { __sgDrivers?: Map<string, Driver> };

export function driverFor(url: string): Driver {
  holder.__sgDrivers ??= new Map();
  let d = holder.__sgDrivers.get(url);
  if (!d) {
    if (dialectOf(url) === "postgresql") {
      const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, types });
      // An idle client losing its connection must not crash the process; the next query fails (→ 503).
      pool.on("error", () => undefined);
      d = { dialect: "postgresql", pool };
    } else {
      // Read-only: this connection only ever reads; WAL (set by the migrator) lets it read while
      // Prisma's connection writes.
      d = { dialect: "sqlite", sqlite: new Database(sqlitePath(url), { readonly: true, fileMustExist: true, timeout: 5000 }) };
    }
    holder.__sgDrivers.set(url, d);
  }
  return d;
}

/** The driver for the process's current database. */
export function currentDriver(): Driver {
  return driverFor(urlOf(db()));
}
