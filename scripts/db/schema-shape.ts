// The structure of a database (tables, columns, indexes, constraints) as comparable text, used to
// prove that the committed migrations produce exactly what prisma/schema.prisma describes.
import Database from "better-sqlite3";
import pg from "pg";

const SKIP = new Set(["_sg_migrations", "_prisma_migrations", "sqlite_sequence"]);

export function sqliteShape(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const out: string[] = [];
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      // sqlite_stat*: the planner's statistics (lib/db/sqlite-stats.ts), SQLite's own, not schema.
      if (SKIP.has(name) || name.startsWith("sqlite_")) continue;
      for (const c of db.prepare(`PRAGMA table_info("${name}")`).all() as Record<string, unknown>[]) {
        out.push(`column ${name}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
      }
      for (const i of db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]) {
        const cols = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((x) => x.name).join(",");
        out.push(`index ${name}.${i.name} unique=${i.unique} origin=${i.origin} (${cols})`);
      }
      for (const f of db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Record<string, unknown>[]) {
        out.push(`fk ${name}.${f.from} -> ${f.table}.${f.to} on_update=${f.on_update} on_delete=${f.on_delete}`);
      }
    }
    return out.sort();
  } finally {
    db.close();
  }
}

export async function postgresShape(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: string[] = [];
    const cols = await c.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema='public'`,
    );
    for (const r of cols.rows) if (!SKIP.has(r.table_name)) out.push(`column ${r.table_name}.${r.column_name} ${r.data_type} nullable=${r.is_nullable} default=${r.column_default}`);
    const idx = await c.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname='public'`);
    for (const r of idx.rows) if (!SKIP.has(r.tablename)) out.push(`index ${r.tablename}.${r.indexname} ${r.indexdef}`);
    const cons = await c.query(
      `SELECT rel.relname AS t, con.conname AS n, pg_get_constraintdef(con.oid) AS d FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace WHERE ns.nspname = 'public'`,
    );
    for (const r of cons.rows) if (!SKIP.has(r.t)) out.push(`constraint ${r.t}.${r.n} ${r.d}`);
    return out.sort();
  } finally {
    await c.end();
  }
}
