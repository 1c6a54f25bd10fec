// `npx tsx --conditions=react-server scripts/admin-seed-flags.ts [--flags 100000] [--db URL] [--index]`
// Benchmark, not a test: fills a fresh SQLite database (a temp file unless --db names one) with
// 100k open flags (+ as many unflagged and resolved sessions), then times the admin queue's first
// page and a deep keyset page (position ~90%) through lib/admin/queue.ts, median of 15 runs.
// --index adds the proposed (flagResolution, riskScore, id) index first.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { migrate } from "../lib/db/migrator";
import { createDb, setDbForTests } from "../lib/db/client";
import { listFlagQueue, decodeQueueCursor, encodeQueueCursor } from "../lib/admin/queue";

const { values } = parseArgs({ options: { flags: { type: "string", default: "100000" }, db: { type: "string" }, index: { type: "boolean", default: false } } });
const FLAGS = Number(values.flags);
const dir = values.db ? null : mkdtempSync(path.join(os.tmpdir(), "sg-admin-bench-"));
const file = values.db ? values.db.replace(/^file:/, "") : path.join(dir!, "bench.db");
const url = `file:${file}`;
process.env.DATABASE_URL ??= url;
process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123456789";
process.env.TOTP_ENCRYPTION_KEY ??= "0".repeat(64);

const REASONS = ["a different browser or device was used", "this request came from a new network", "the location jumped 9000 km", "requests came too fast"];
const STATUSES = ["flagged", "flagged", "flagged", "suspended"];

async function main() {
  await migrate(url);
  const sql = new Database(file);
  sql.pragma("journal_mode = WAL");
  const t0 = Date.now();
  const users = Math.max(1, Math.floor(FLAGS / 50));
  const now = Date.now();
  const insUser = sql.prepare(`INSERT INTO "User" ("id","email","passwordHash","role","createdAt","updatedAt") VALUES (?,?,?,?,?,?)`);
  const insSession = sql.prepare(`INSERT INTO "Session" ("id","tokenHash","userId","createdAt","lastSeenAt","idleExpiresAt","absoluteExpiresAt","mfaAt","role","mfaMethod","ip","ipPrefix","lastIp","uaHash","userAgent","browser","os","deviceType","status","riskScore","flaggedAt","flagReason","flagResolution") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const ids: string[] = [];
  sql.transaction(() => {
    for (let i = 0; i < users; i++) {
      const id = `benchu${i.toString(36).padStart(8, "0")}`;
      ids.push(id);
      insUser.run(id, `bench${i}@example.test`, "x", "user", now, now);
    }
  })();
  const kinds = [{ n: FLAGS, open: true }, { n: FLAGS, open: false, resolved: true }, { n: FLAGS, open: false }];
  let k = 0;
  for (const kind of kinds) {
    sql.transaction(() => {
      for (let i = 0; i < kind.n; i++) {
        const id = `benchs${(k++).toString(36).padStart(9, "0")}${randomBytes(3).toString("hex")}`;
        const created = now - Math.floor(Math.random() * 7 * 86400_000);
        const flagged = kind.open || kind.resolved;
        const a = 10 + (i % 200), b = (i >> 8) % 250;
        insSession.run(id, randomBytes(32).toString("hex"), ids[i % ids.length], created, created, now + 1800_000, now + 43200_000, created, "user", "totp",
          `198.${a}.${b}.${i % 250}`, `198.${a}.${b}.0/24`, `198.${a}.${b}.${i % 250}`, "h", "curl/8.5.0", null, null, "other",
          flagged ? STATUSES[i % 4] : "active", flagged ? Math.floor(Math.random() * 150) : 0, flagged ? created : null, flagged ? REASONS[i % 4] : null, kind.resolved ? "dismissed" : null);
      }
    })();
  }
  // --index: the index proposed for the schema (not in prisma/schema.prisma yet), to measure its effect.
  if (values.index) sql.exec(`CREATE INDEX "Session_flagResolution_riskScore_id_idx" ON "Session"("flagResolution", "riskScore", "id")`);
  sql.close();
  console.log(`seeded ${users} users, ${FLAGS} open flags, ${FLAGS} resolved, ${FLAGS} unflagged in ${((Date.now() - t0) / 1000).toFixed(1)} s (${file})`);

  const client = createDb(url);
  setDbForTests(client);
  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn();
    const ms: number[] = [];
    for (let i = 0; i < 15; i++) { const t = performance.now(); await fn(); ms.push(performance.now() - t); }
    ms.sort((x, y) => x - y);
    console.log(`${label}: median ${ms[7]!.toFixed(1)} ms, p90 ${ms[13]!.toFixed(1)} ms`);
  };
  // A real cursor at ~90% depth: the row the walk would stop at on page ~3600 of 25.
  const deep = await client.session.findMany({ where: { flagResolution: null, flaggedAt: { not: null } }, orderBy: [{ riskScore: "desc" }, { id: "desc" }], skip: Math.floor(FLAGS * 0.9), take: 1, select: { riskScore: true, id: true } });
  const cursor = decodeQueueCursor(encodeQueueCursor({ score: deep[0]!.riskScore, id: deep[0]!.id }));
  await time("queue first page (25 rows)", () => listFlagQueue({}, null));
  await time("queue deep page at 90% (25 rows)", () => listFlagQueue({}, cursor));
  await time("queue first page, filter reason+status", () => listFlagQueue({ reason: "new network", status: "flagged" }, null));
  await time("queue first page, search by IP prefix", () => listFlagQueue({ q: "198.77.3.0/24" }, null));
  await client.$disconnect();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
