// Prisma CLI configuration. The JS (WebAssembly) schema engine is used so that `generate` and
// `migrate diff` work without downloading native engines (see docs/decisions/0003-*.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: process.env.SG_PRISMA_SCHEMA ?? path.join("prisma", "schema.prisma"),
  // Only used by CLI commands that connect (we apply migrations with our own runner).
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.SG_PRISMA_CLI_DB ?? ":memory:" }),
});
