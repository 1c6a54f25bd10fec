// `npm run db:migration -- <name>`: writes the SQL that takes both dialects from the schema as of
// the last migration (prisma/migrations/schema.snapshot.prisma) to prisma/schema.prisma, via
// `prisma migrate diff` (works offline with the JS engine; `migrate dev` does not, see ADR 0003).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prisma, ROOT, SCHEMA_SQLITE, writePostgresSchema, type Dialect } from "./prisma-cli";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]{3,60}$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(2);
}
const MIGRATIONS = path.join(ROOT, "prisma", "migrations");
const SNAPSHOT = path.join(MIGRATIONS, "schema.snapshot.prisma");
const dialects: Dialect[] = ["sqlite", "postgresql"];
const tmp = mkdtempSync(path.join(os.tmpdir(), "sg-migration-"));

function variantOf(schemaText: string, dialect: Dialect, label: string): string {
  const file = path.join(tmp, `${label}-${dialect}.prisma`);
  const text = dialect === "sqlite" ? schemaText : readFileSync(writePostgresSchema(schemaText), "utf8");
  writeFileSync(file, text);
  return file;
}

const current = readFileSync(SCHEMA_SQLITE, "utf8");
const previous = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, "utf8") : null;
const seq = String(readdirSync(path.join(MIGRATIONS, "sqlite"), { withFileTypes: true }).filter((d) => d.isDirectory()).length + 1).padStart(4, "0");
let wrote = 0;
for (const dialect of dialects) {
  const to = variantOf(current, dialect, "to");
  const from = previous === null ? ["--from-empty"] : ["--from-schema-datamodel", variantOf(previous, dialect, "from")];
  const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"], { capture: true, schema: to });
  if (!/CREATE|ALTER|DROP/i.test(sql)) {
    console.log(`${dialect}: no changes`);
    continue;
  }
  const dir = path.join(MIGRATIONS, dialect, `${seq}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(ROOT, dir)}/migration.sql`);
  wrote++;
}
// The postgres variant file was overwritten with old text above; restore it from the current schema.
writePostgresSchema(current);
if (wrote > 0) copyFileSync(SCHEMA_SQLITE, SNAPSHOT);
