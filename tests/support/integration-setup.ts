// Vitest setup for tests/integration: one fresh database per file, selected by SG_TEST_DB.
// Runs before the file's imports are evaluated, so lib/config sees this environment.
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-db";
import { createDb, setDbForTests, type Db } from "@/lib/db/client";

const dialect = process.env.SG_TEST_DB === "postgresql" ? "postgresql" : "sqlite";
process.env.AUTH_SECRET = "integration-only-secret-d9f8a7s6d5f4g3h2j1k0";
process.env.TOTP_ENCRYPTION_KEY = "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";
process.env.SESSION_IDLE_TIMEOUT_SECONDS = "60";
process.env.SESSION_ABSOLUTE_TIMEOUT_SECONDS = "180";
process.env.SESSION_TOUCH_INTERVAL_SECONDS = "60";

let database: TestDatabase | undefined;
let client: Db | undefined;
import { queries } from "./queries";

beforeAll(async () => {
  database = await createTestDatabase(dialect);
  process.env.DATABASE_URL = database.url;
  client = createDb(database.url, { logQueries: true });
  (client as unknown as { $on(e: "query", cb: (ev: { query: string }) => void): void }).$on("query", (ev) => queries.push(ev.query));
  setDbForTests(client);
});

afterAll(async () => {
  await client?.$disconnect();
  setDbForTests(undefined);
  await database?.drop();
});
