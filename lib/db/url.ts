// Which database a DATABASE_URL points at, and the SQLite file path it names.
import path from "node:path";

export type Dialect = "sqlite" | "postgresql";

export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)");
}

/** Resolves `file:./x.db` against the working directory, as Prisma does for the CLI. */
export function sqlitePath(url: string): string {
  const raw = url.slice("file:".length).split("?")[0] ?? "";
  if (raw === "" ) throw new Error("DATABASE_URL: empty SQLite file path");
  return raw === ":memory:" ? raw : path.resolve(/*turbopackIgnore: true*/ raw);
}
