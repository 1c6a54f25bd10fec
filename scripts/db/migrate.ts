// `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL).
import nextEnv from "@next/env";

const { loadEnvConfig } = nextEnv;
import { migrate } from "../../lib/db/migrator";

loadEnvConfig(process.cwd());
const url = process.env.DATABASE_URL ?? "file:./.data/sessionguard.db";
migrate(url)
  .then((r) => console.log(`${r.dialect}: ${r.applied.length ? `applied ${r.applied.join(", ")}` : "up to date"} (${r.alreadyApplied} already applied)`))
  .catch((err: unknown) => {
    console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
