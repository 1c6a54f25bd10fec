// Read-only look at the e2e server's SQLite database (to check what the server recorded).
import Database from "better-sqlite3";
import { E2E_DB_FILE } from "./env";

export interface SessionRow {
  id: string;
  userId: string;
  ip: string;
  lastIp: string;
  status: string;
  endedReason: string | null;
}

export function readSession(sessionId: string): SessionRow | undefined {
  const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT "id", "userId", "ip", "lastIp", "status", "endedReason" FROM "Session" WHERE "id" = ?`).get(sessionId) as SessionRow | undefined;
  } finally {
    db.close();
  }
}
