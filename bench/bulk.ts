// Fast bulk insert of synthetic users and sessions for scale tests (scripts/seed-scale.ts,
// bench/scale.ts). Bypasses Prisma on purpose: SQLite through better-sqlite3 prepared statements
// in large transactions, PostgreSQL through one INSERT … SELECT FROM unnest(<arrays>) per batch.
// Values are written in the exact formats Prisma writes (SQLite: ISO-8601 text with "+00:00";
// PostgreSQL: UTC in timestamp(3)), so the app reads and compares them as its own rows.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { dialectOf, sqlitePath } from "../lib/db/url";
import { optimizeSqlite } from "../lib/db/sqlite-stats";

const DAY = 86_400_000;
const HOUR = 3_600_000;

const AGENTS = [
  { ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", browser: "Chrome", major: "131", os: "Windows", device: "desktop" },
  { ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", browser: "Safari", major: "18", os: "macOS", device: "desktop" },
  { ua: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", browser: "Firefox", major: "133", os: "Linux", device: "desktop" },
  { ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", browser: "Mobile Safari", major: "18", os: "iOS", device: "mobile" },
  { ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", browser: "Chrome", major: "131", os: "Android", device: "mobile" },
].map((a) => ({ ...a, hash: createHash("sha256").update(a.ua).digest("hex") }));
const PLACES = [["DE", "Berlin"], ["US", "Chicago"], ["FR", "Paris"], ["JP", "Tokyo"], [null, null]] as const;
const ENDED_REASONS = { expired: ["idle", "absolute"], revoked: ["sign_out", "sign_out_everywhere", "remote_sign_out", "password_changed"] } as const;
/** Placeholder, not a real argon2 hash of anything: seeded users cannot sign in. */
const PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2NhbGUtc2VlZC1vbmx5$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export interface UserRow { id: string; email: string; role: string; createdAt: Date }
export interface SessionRow {
  id: string; tokenHash: string; userId: string; createdAt: Date; lastSeenAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date;
  mfaAt: Date; role: string; mfaMethod: string; ip: string; ipPrefix: string; lastIp: string; uaHash: string; userAgent: string;
  browser: string | null; browserMajor: string | null; os: string | null; deviceType: string; country: string | null; city: string | null;
  status: string; endedAt: Date | null; endedBy: string | null; endedReason: string | null;
}
const SESSION_COLS = ["id", "tokenHash", "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "mfaAt", "role", "mfaMethod", "ip", "ipPrefix", "lastIp",
  "uaHash", "userAgent", "browser", "browserMajor", "os", "deviceType", "country", "city", "status", "endedAt", "endedBy", "endedReason"] as const;
const DATE_COLS = new Set(["createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "mfaAt", "endedAt"]);
const USER_COLS = ["id", "email", "passwordHash", "role", "createdAt", "updatedAt"] as const;

let seq = 0;
const runTag = randomBytes(3).toString("hex");
/** Unique, cuid-shaped ids (c + 24 base-36 chars). */
export function newId(): string {
  return `c${runTag}${(seq++).toString(36).padStart(8, "0")}${randomBytes(6).toString("hex")}`.slice(0, 25).padEnd(25, "0");
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)] as T;

let userSeq = 0;
export function makeUser(now: number): UserRow {
  const i = userSeq++;
  return { id: newId(), email: `scale-${runTag}-${i}@example.test`, role: i % 100 === 0 ? "admin" : "user", createdAt: new Date(now - Math.random() * 730 * DAY) };
}

/**
 * One session with a realistic status/time spread: ~12% active, ~1% flagged (both within their
 * timeouts), ~55% expired (idle or absolute), ~32% revoked; started up to 180 days ago.
 * Idle 30 min / absolute 12 h (the defaults).
 */
export function makeSession(userId: string, now: number, status?: string): SessionRow {
  const r = Math.random();
  status ??= r < 0.12 ? "active" : r < 0.13 ? "flagged" : r < 0.68 ? "expired" : "revoked";
  const live = status === "active" || status === "flagged";
  const created = live ? now - Math.random() * 11 * HOUR : now - Math.random() * 180 * DAY;
  const lastSeen = live ? now - Math.random() * 20 * 60_000 : created + Math.random() * 11 * HOUR;
  const absolute = created + 12 * HOUR;
  const idle = Math.min(lastSeen + 30 * 60_000, absolute);
  const a = pick(AGENTS);
  const [country, city] = pick(PLACES);
  const oct = () => Math.floor(Math.random() * 254) + 1;
  const ip = `${pick(["203.0.113", "198.51.100", "192.0.2"])}.${oct()}`;
  const endedReason = status === "expired" ? pick(ENDED_REASONS.expired) : status === "revoked" ? pick(ENDED_REASONS.revoked) : null;
  return {
    id: newId(), tokenHash: randomBytes(32).toString("hex"), userId, createdAt: new Date(created), lastSeenAt: new Date(lastSeen),
    idleExpiresAt: new Date(idle), absoluteExpiresAt: new Date(absolute), mfaAt: new Date(created), role: "user",
    mfaMethod: Math.random() < 0.02 ? "recovery" : "totp", ip, ipPrefix: ip.replace(/\.\d+$/, ".0/24"), lastIp: ip, uaHash: a.hash, userAgent: a.ua,
    browser: a.browser, browserMajor: a.major, os: a.os, deviceType: a.device, country, city, status,
    endedAt: live ? null : new Date(endedReason === "idle" ? idle : endedReason === "absolute" ? absolute : lastSeen + Math.random() * HOUR),
    endedBy: live ? null : status === "expired" ? "system" : pick(["user", "user", "user", "admin"]),
    endedReason,
  };
}

export interface Writer {
  users(rows: UserRow[]): Promise<void>;
  sessions(rows: SessionRow[]): Promise<void>;
  count(table: "User" | "Session"): Promise<number>;
  close(): Promise<void>;
}

const sqliteDate = (d: Date | null) => (d === null ? null : d.toISOString().replace("Z", "+00:00"));

export async function openWriter(url: string): Promise<Writer> {
  if (dialectOf(url) === "sqlite") {
    const db = new Database(sqlitePath(url));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF"); // this connection only: bulk load, not the app's setting
    db.pragma("busy_timeout = 10000");
    const q = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(", ");
    const insU = db.prepare(`INSERT INTO "User" (${q(USER_COLS)}) VALUES (${USER_COLS.map(() => "?").join(", ")})`);
    const insS = db.prepare(`INSERT INTO "Session" (${q(SESSION_COLS)}) VALUES (${SESSION_COLS.map(() => "?").join(", ")})`);
    const users = db.transaction((rows: UserRow[]) => {
      for (const u of rows) insU.run(u.id, u.email, PASSWORD_HASH, u.role, sqliteDate(u.createdAt), sqliteDate(u.createdAt));
    });
    const sessions = db.transaction((rows: SessionRow[]) => {
      for (const s of rows) insS.run(...SESSION_COLS.map((c) => (DATE_COLS.has(c) ? sqliteDate(s[c] as Date | null) : s[c])));
    });
    return {
      users: async (rows) => void users.immediate(rows),
      sessions: async (rows) => void sessions.immediate(rows),
      count: async (t) => (db.prepare(`SELECT count(*) n FROM "${t}"`).get() as { n: number }).n,
      close: async () => {
        // What the server does at start and after each purge (lib/db/sqlite-stats.ts).
        optimizeSqlite(db);
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, statement_timeout: 300_000 });
  await client.connect();
  const types = (c: string) => (DATE_COLS.has(c) ? "timestamp(3)" : "text");
  const sessionSql = `INSERT INTO "Session" (${SESSION_COLS.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${SESSION_COLS.map((c, i) => `$${i + 1}::${types(c)}[]`).join(", ")})`;
  const userSql = `INSERT INTO "User" ("id", "email", "passwordHash", "role", "createdAt", "updatedAt") SELECT a, b, $3, c, d, d FROM unnest($1::text[], $2::text[], $4::text[], $5::timestamp(3)[]) AS t(a, b, c, d)`;
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  return {
    users: async (rows) => {
      await client.query(userSql, [rows.map((u) => u.id), rows.map((u) => u.email), PASSWORD_HASH, rows.map((u) => u.role), rows.map((u) => iso(u.createdAt))]);
    },
    sessions: async (rows) => {
      await client.query(sessionSql, SESSION_COLS.map((c) => rows.map((s) => (DATE_COLS.has(c) ? iso(s[c] as Date | null) : s[c]))));
    },
    count: async (t) => Number((await client.query(`SELECT count(*) n FROM "${t}"`)).rows[0].n),
    close: async () => {
      await client.query("ANALYZE");
      await client.end();
    },
  };
}

export interface SeedOptions {
  users: number;
  sessions: number;
  /** Rows per statement/transaction. */
  batch?: number;
  onProgress?: (what: "users" | "sessions", done: number, total: number) => void;
}

/** Inserts `users` users, then `sessions` sessions spread over them (a few users hold many). */
export async function seedScale(w: Writer, opts: SeedOptions): Promise<{ userIds: string[] }> {
  const batch = Math.max(1, Math.min(opts.batch ?? 10_000, 50_000));
  const now = Date.now();
  const userIds: string[] = [];
  for (let done = 0; done < opts.users; ) {
    const n = Math.min(batch, opts.users - done);
    const rows = Array.from({ length: n }, () => makeUser(now));
    await w.users(rows);
    for (const r of rows) userIds.push(r.id);
    done += n;
    opts.onProgress?.("users", done, opts.users);
  }
  if (opts.sessions > 0 && userIds.length === 0) throw new Error("sessions need at least one user");
  for (let done = 0; done < opts.sessions; ) {
    const n = Math.min(batch, opts.sessions - done);
    // Skewed owner choice: u² puts more sessions on the first users.
    const rows = Array.from({ length: n }, () => makeSession(userIds[Math.floor(Math.random() ** 2 * userIds.length)] as string, now));
    await w.sessions(rows);
    done += n;
    opts.onProgress?.("sessions", done, opts.sessions);
  }
  return { userIds };
}

/** One extra user holding `count` live sessions (for "sign out everywhere" timings). */
export async function userWithSessions(w: Writer, count: number): Promise<string> {
  const now = Date.now();
  const u = { ...makeUser(now), email: `scale-many-${randomBytes(6).toString("hex")}@example.test` };
  await w.users([u]);
  for (let done = 0; done < count; done += 10_000) {
    await w.sessions(Array.from({ length: Math.min(10_000, count - done) }, () => makeSession(u.id, now, "active")));
  }
  return u.id;
}
