// The committed migrations, applied by our runner to a fresh database, must give exactly the
// structure Prisma derives from prisma/schema.prisma (generated SQL applied to another fresh
// database). Runs for the dialect under test (SG_TEST_DB).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate, loadMigrations } from "@/lib/db/migrator";
import { prisma, schemaFor, type Dialect } from "../../scripts/db/prisma-cli";
import { postgresShape, sqliteShape } from "../../scripts/db/schema-shape";
import { createEmptyPostgresDatabase } from "../support/test-db";

const dialect: Dialect = process.env.SG_TEST_DB === "postgresql" ? "postgresql" : "sqlite";

const freshPg = () => createEmptyPostgresDatabase("sg_shape");

describe(`migrations (${dialect})`, () => {
  it("apply cleanly, are idempotent, and match the Prisma schema exactly", async () => {
    const expectedSql = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFor(dialect), "--script"], { capture: true, schema: schemaFor(dialect) });
    expect(expectedSql).toMatch(/CREATE TABLE/);
    if (dialect === "sqlite") {
      const dir = mkdtempSync(path.join(os.tmpdir(), "sg-shape-"));
      const migrated = path.join(dir, "migrated.db");
      const direct = path.join(dir, "direct.db");
      const first = await migrate(`file:${migrated}`);
      expect(first.applied).toEqual(loadMigrations("sqlite").map((m) => m.name));
      expect((await migrate(`file:${migrated}`)).applied).toEqual([]);
      const d = new Database(direct);
      d.exec(expectedSql);
      d.close();
      expect(sqliteShape(migrated)).toEqual(sqliteShape(direct));
    } else {
      const a = await freshPg();
      const b = await freshPg();
      try {
        expect((await migrate(a.url)).applied).toEqual(loadMigrations("postgresql").map((m) => m.name));
        expect((await migrate(a.url)).applied).toEqual([]);
        const c = new pg.Client({ connectionString: b.url });
        await c.connect();
        await c.query(expectedSql);
        await c.end();
        const [shapeA, shapeB] = [await postgresShape(a.url), await postgresShape(b.url)];
        expect(shapeA.length).toBeGreaterThan(20);
        expect(shapeA).toEqual(shapeB);
      } finally {
        await a.drop();
        await b.drop();
      }
    }
  }, 60_000);

  it("refuses to run when an applied migration was edited afterwards", async () => {
    if (dialect === "sqlite") {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sg-shape-")), "edited.db");
      await migrate(`file:${file}`);
      const d = new Database(file);
      d.prepare(`UPDATE "_sg_migrations" SET checksum = 'tampered'`).run();
      d.close();
      await expect(migrate(`file:${file}`)).rejects.toThrow(/edited after it was applied/);
    } else {
      const a = await freshPg();
      try {
        await migrate(a.url);
        const c = new pg.Client({ connectionString: a.url });
        await c.connect();
        await c.query(`UPDATE "_sg_migrations" SET checksum = 'tampered'`);
        await c.end();
        await expect(migrate(a.url)).rejects.toThrow(/edited after it was applied/);
      } finally {
        await a.drop();
      }
    }
  });
});
