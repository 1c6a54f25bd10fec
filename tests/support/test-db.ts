// A fresh, migrated database per test file: a temp SQLite file, or a new PostgreSQL database
// (dropped afterwards) when SG_TEST_DB=postgresql. Real databases only; nothing is mocked.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "@/lib/db/migrator";

export const PG_ADMIN_URL = process.env.SG_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface TestDatabase { url: string; dialect: "sqlite" | "postgresql"; drop(): Promise<void> }

export async function createTestDatabase(dialect: "sqlite" | "postgresql"): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sg-test-"));
    const url = `file:${path.join(dir, "test.db")}`;
    await migrate(url);
    return { url, dialect, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = await createEmptyPostgresDatabase("sg_test");
  await migrate(db.url);
  return { ...db, dialect };
}

/** A new, empty PostgreSQL database (no migrations applied), dropped by `drop()`. */
export async function createEmptyPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
