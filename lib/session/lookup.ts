import "server-only";
// The hot-path read: token hash → session row, one indexed read through the plain driver (see
// lib/db/drivers.ts for why not Prisma). Returns the same shape Prisma would.
import { currentDriver } from "@/lib/db/drivers";

export interface SessionRow {
  id: string; userId: string; role: string; createdAt: Date; lastSeenAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date;
  mfaAt: Date; mfaMethod: string; status: string; endedBy: string | null; endedReason: string | null; ip: string; ipPrefix: string;
  lastIp: string; uaHash: string; browser: string | null; os: string | null; startedInBrowser: boolean; requiredAction: string | null;
}

const COLUMNS = ["id", "userId", "role", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "mfaAt", "mfaMethod", "status", "endedBy",
  "endedReason", "ip", "ipPrefix", "lastIp", "uaHash", "browser", "os", "startedInBrowser", "requiredAction"] as const;
const LIST = COLUMNS.map((c) => `"${c}"`).join(", ");
const SQLITE = `SELECT ${LIST} FROM "Session" WHERE "tokenHash" = ? LIMIT 1`;
const PG = { name: "sg_session_by_token_hash", text: `SELECT ${LIST} FROM "Session" WHERE "tokenHash" = $1 LIMIT 1` };

/** Counts hot-path reads, so a test can assert "exactly one read per request". */
export const lookupStats = { reads: 0 };

type Raw = Record<(typeof COLUMNS)[number], unknown>;
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toRow(r: Raw): SessionRow {
  return {
    id: String(r.id), userId: String(r.userId), role: String(r.role), createdAt: date(r.createdAt), lastSeenAt: date(r.lastSeenAt),
    idleExpiresAt: date(r.idleExpiresAt), absoluteExpiresAt: date(r.absoluteExpiresAt), mfaAt: date(r.mfaAt), mfaMethod: String(r.mfaMethod),
    status: String(r.status), endedBy: text(r.endedBy), endedReason: text(r.endedReason), ip: String(r.ip), ipPrefix: String(r.ipPrefix),
    lastIp: String(r.lastIp), uaHash: String(r.uaHash), browser: text(r.browser), os: text(r.os),
    startedInBrowser: r.startedInBrowser === true || r.startedInBrowser === 1, requiredAction: text(r.requiredAction),
  };
}

const statements = new WeakMap<object, { get(hash: string): unknown }>();

export async function findSessionByTokenHash(tokenHash: string): Promise<SessionRow | null> {
  const d = currentDriver();
  lookupStats.reads++;
  if (d.dialect === "postgresql") {
    const res = await d.pool.query<Raw>({ ...PG, values: [tokenHash] });
    return res.rows[0] ? toRow(res.rows[0]) : null;
  }
  let stmt = statements.get(d.sqlite);
  if (!stmt) statements.set(d.sqlite, (stmt = d.sqlite.prepare(SQLITE)));
  const r = stmt.get(tokenHash) as Raw | undefined;
  return r ? toRow(r) : null;
}
