// Applies prisma/migrations/<dialect>/NNNN_name/migration.sql in order, each in its own
// transaction, recording name + checksum. Our own runner because Prisma's `migrate deploy`
// cannot run on PostgreSQL without its native engine (ADR 0003). Used by `npm run db:migrate`,
// the server at start-up and the tests.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { optimizeSqlite } from "./sqlite-stats";
import pg from "pg";
import { dialectOf, sqlitePath, type Dialect } from "./url";

export interface Migration { name: string; sql: string; checksum: string }
export interface MigrateResult { dialect: Dialect; applied: string[]; alreadyApplied: number }

const TABLE = "_sg_migrations";

export function loadMigrations(dialect: Dialect, root = path.resolve(import.meta.dirname, "..", "..")): Migration[] {
  const dir = path.join(root, "prisma", "migrations", dialect);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{4}_[a-z0-9_]+$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkHistory(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const [name, checksum] of applied) {
    const m = migrations.find((x) => x.name === name);
    if (!m) throw new Error(`migration ${name} is applied in the database but missing on disk`);
    if (m.checksum !== checksum) throw new Error(`migration ${name} was edited after it was applied (checksum differs)`);
  }
  return migrations.filter((m) => !applied.has(m.name));
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = sqlitePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // WAL lets readers run while the coalesced last-seen writes happen; it persists in the file.
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const rows = db.prepare(`SELECT name, checksum FROM "${TABLE}"`).all() as { name: string; checksum: string }[];
    const pending = checkHistory(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
    const record = db.prepare(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`);
    for (const m of pending) {
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.name, m.checksum, new Date().toISOString());
      }).immediate();
    }
    // Statistics for the planner, at every start (cheap when they are fresh: lib/db/sqlite-stats.ts).
    optimizeSqlite(db);
    return pending.map((m) => m.name);
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One migrator at a time across instances starting together.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${TABLE}"`);
    const pending = checkHistory(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "${TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}

export async function migrate(url: string): Promise<MigrateResult> {
  const dialect = dialectOf(url);
  const migrations = loadMigrations(dialect);
  const applied = dialect === "sqlite" ? migrateSqlite(url, migrations) : await migratePostgres(url, migrations);
  return { dialect, applied, alreadyApplied: migrations.length - applied.length };
}
