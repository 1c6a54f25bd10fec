// Runs the Prisma CLI offline-safe: the JS schema engine needs no native binaries, but the CLI
// still probes for them; these placeholders stop it from trying to download (ADR 0003).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SCHEMA_SQLITE = path.join(ROOT, "prisma", "schema.prisma");
export const SCHEMA_POSTGRES = path.join(ROOT, "generated", "schema-postgresql.prisma");
export type Dialect = "sqlite" | "postgresql";

function offlineEnv(): NodeJS.ProcessEnv {
  const placeholder = path.join(ROOT, "generated", ".no-query-engine");
  mkdirSync(path.dirname(placeholder), { recursive: true });
  if (!existsSync(placeholder)) writeFileSync(placeholder, "");
  return {
    ...process.env,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    // The schema declares env("DATABASE_URL"); the CLI commands we run never connect with it.
    DATABASE_URL: process.env.DATABASE_URL ?? "file:./.data/cli-unused.db",
  };
}

/** Derives the PostgreSQL schema from the one source schema (provider + output differ). */
export function writePostgresSchema(source = readFileSync(SCHEMA_SQLITE, "utf8")): string {
  const variant = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/generated\/sqlite"/, 'output       = "./postgres"');
  if (variant === source || !variant.includes('"postgresql"') || !variant.includes('"./postgres"')) {
    throw new Error("prisma/schema.prisma: could not derive the PostgreSQL variant (provider/output lines changed?)");
  }
  mkdirSync(path.dirname(SCHEMA_POSTGRES), { recursive: true });
  writeFileSync(SCHEMA_POSTGRES, variant);
  return SCHEMA_POSTGRES;
}

export function schemaFor(dialect: Dialect): string {
  return dialect === "sqlite" ? SCHEMA_SQLITE : writePostgresSchema();
}

export function prisma(args: string[], opts: { capture?: boolean; schema?: string } = {}): string {
  const env = offlineEnv();
  if (opts.schema) env.SG_PRISMA_SCHEMA = opts.schema;
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), args, {
    cwd: ROOT,
    env,
    encoding: "utf8",
    stdio: opts.capture ? ["ignore", "pipe", "inherit"] : "inherit",
  });
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} failed (exit ${r.status})`);
  return r.stdout ?? "";
}
