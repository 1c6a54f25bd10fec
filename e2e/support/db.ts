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

/**
 * Test set-up only: makes a session's last code entry look `minutesAgo` old, to exercise the
 * fresh-authentication rule without waiting for real time to pass.
 */
export function ageSessionMfa(sessionId: string, minutesAgo: number): void {
  const db = new Database(E2E_DB_FILE, { fileMustExist: true });
  try {
    const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const r = db.prepare(`UPDATE "Session" SET "mfaAt" = ? WHERE "id" = ?`).run(at, sessionId);
    if (r.changes !== 1) throw new Error(`no session ${sessionId}`);
  } finally {
    db.close();
  }
}

/** Test set-up only: marks a session flagged for review, as the risk engine does on a suspicious request. */
export function flagSession(sessionId: string): void {
  const db = new Database(E2E_DB_FILE, { fileMustExist: true });
  try {
    const r = db.prepare(`UPDATE "Session" SET "status" = 'flagged', "flaggedAt" = ?, "flagReason" = 'e2e: flagged for the test' WHERE "id" = ?`).run(new Date().toISOString(), sessionId);
    if (r.changes !== 1) throw new Error(`no session ${sessionId}`);
  } finally {
    db.close();
  }
}
