import "server-only";
// The one Prisma client of the process, for SQLite (embedded default) or PostgreSQL, chosen by
// DATABASE_URL. Both clients are generated from prisma/schema.prisma and have the same API.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { config } from "@/lib/config";
import { dialectOf, sqlitePath } from "./url";

export type Db = SqliteClient;

type Options = { logQueries?: boolean };

function create(url: string, opts: Options = {}): Db {
  const client = createClient(url, opts);
  Object.defineProperty(client, URL_OF, { value: url });
  return client;
}

function createClient(url: string, opts: Options): Db {
  const log = opts.logQueries ? [{ emit: "event" as const, level: "query" as const }] : undefined;
  if (dialectOf(url) === "postgresql") {
    const client = new PostgresClient({ log, adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 3000 }) });
    // The two generated clients differ only in their provider tag; the model API is identical.
    return client as unknown as Db;
  }
  return new SqliteClient({ log, adapter: new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}`, timeout: 5000 }) });
}

const URL_OF = Symbol.for("sessionguard.db.url");

/** The URL a client was created for: the driver-level readers (lib/db/drivers.ts) follow the client. */
export function urlOf(client: Db): string {
  return (client as unknown as Record<symbol, string>)[URL_OF] ?? config().DATABASE_URL;
}

const holder = globalThis as unknown as { __sgDb?: Db };

export function db(): Db {
  holder.__sgDb ??= create(config().DATABASE_URL);
  return holder.__sgDb;
}

/** For tests and tools: a client for a given URL, optionally emitting "query" events. */
export function createDb(url: string, opts: Options = {}): Db {
  return create(url, opts);
}

/** Tests install their own client (e.g. one that counts queries) as the process's client. */
export function setDbForTests(client: Db | undefined): void {
  holder.__sgDb = client;
}
