// `npm run bench:scale`: does the per-request check stay one cheap indexed read as the session
// table grows, and what does "sign out everywhere" cost?
//
// For each database (fresh temp SQLite file / fresh sg_bench_<random> PostgreSQL database, dropped
// at the end), in a child process that runs the library in-process (no HTTP):
//   1. bulk-load a small table (SMALL_SESSIONS, default 1,000 rows), create one probe session with
//      createSession, time validateSessionToken(probe) ITERATIONS times after a warm-up;
//      time endAllSessions for a user holding MANY (1,000) live sessions (one UPDATE)
//   2. bulk-load up to SCALE_SESSIONS (default 1,000,000) rows over SCALE_USERS (100,000) users,
//      then the same measurements with the same probe
// Also records the query plan of the lookup. Knobs: DB=sqlite|postgresql|both (both),
// SCALE_USERS, SCALE_SESSIONS, SMALL_SESSIONS, ITERATIONS (5000), WARMUP_ITERATIONS (500),
// MANY (1000), BENCH_PG_URL, APPEND_DOCS=0, BENCH_NOTE. Every phase has a time limit.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "../lib/db/migrator";
import { openWriter, seedScale, userWithSessions } from "./bulk";
import { BENCH_AUTH_SECRET, BENCH_TOTP_KEY } from "./constants";
import { appendToDocs, fmt, machineLine, percentile, ROOT, versionsLine } from "./report";

const env = process.env;
const num = (name: string, def: number, min: number, max: number): number => {
  const v = env[name] === undefined || env[name] === "" ? def : Number(env[name]);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
  return v;
};
const SCALE_USERS = num("SCALE_USERS", 100_000, 1, 10_000_000);
const SCALE_SESSIONS = num("SCALE_SESSIONS", 1_000_000, 1, 50_000_000);
const SMALL_SESSIONS = num("SMALL_SESSIONS", 1_000, 1, 1_000_000);
const ITERATIONS = num("ITERATIONS", 5_000, 10, 1_000_000);
const WARMUP_ITERATIONS = num("WARMUP_ITERATIONS", 500, 0, 100_000);
const MANY = num("MANY", 1_000, 1, 100_000);
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const log = (...a: unknown[]) => console.error("[scale]", ...a);

interface Phase {
  sessions: number;
  users: number;
  seedSeconds: number;
  validate: { p50: number; p99: number; mean: number; max: number; n: number };
  endAll: { ms: number; ended: number };
  /** Admin queue (lib/admin/queue.ts): median ms of the first page and of a page ~90% deep. */
  queue: { open: number; firstMs: number; deepMs: number };
  plan: string;
}
interface ChildOut { dialect: string; dbVersion: string; phases: Phase[] }

// ------------------------------------------------------------------ child: runs the library in-process

async function child(): Promise<void> {
  const url = env.DATABASE_URL as string;
  const { validateSessionToken } = await import("../lib/session/validate");
  const { createSession, endAllSessions } = await import("../lib/session/store");
  const { db } = await import("../lib/db/client");
  const { dialectOf } = await import("../lib/db/url");
  const { listFlagQueue, openFlagWhere } = await import("../lib/admin/queue");
  const { SQLITE_OPTIMIZE } = await import("../lib/db/sqlite-stats");
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  // The admin queue as an admin walks it: first page, and a keyset page ~90% deep (cursor of the
  // row at that position), each the median of 15 calls after 3 warm-up calls.
  const timeQueue = async (): Promise<Phase["queue"]> => {
    const where = openFlagWhere({});
    const open = await db().session.count({ where });
    const at = await db().session.findMany({ where, orderBy: [{ riskScore: "desc" }, { id: "desc" }], skip: Math.max(0, Math.floor(open * 0.9)), take: 1, select: { riskScore: true, id: true } });
    const cursor = at[0] ? { score: at[0].riskScore, id: at[0].id } : null;
    const time = async (c: typeof cursor) => {
      for (let i = 0; i < 3; i++) await listFlagQueue({}, c);
      const xs: number[] = [];
      for (let i = 0; i < 15; i++) { const t = performance.now(); await listFlagQueue({}, c); xs.push(performance.now() - t); }
      return median(xs);
    };
    return { open, firstMs: await time(null), deepMs: await time(cursor) };
  };
  const dialect = dialectOf(url);
  const meta = { ip: "203.0.113.77", userAgent: "Mozilla/5.0 (X11; Linux x86_64) scale-probe" };

  const plan = async (hash: string): Promise<string> => {
    if (dialect === "sqlite") {
      const rows = await db().$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN SELECT * FROM "Session" WHERE "tokenHash" = ?`, hash);
      return rows.map((r) => r.detail).join("; ");
    }
    const rows = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT * FROM "Session" WHERE "tokenHash" = $1`, hash);
    return rows.map((r) => r["QUERY PLAN"].trim().replace(/'[0-9a-f]{64}'/g, "'<hash>'")).join("; ");
  };
  const version = dialect === "sqlite"
    ? `SQLite ${(await db().$queryRawUnsafe<{ v: string }[]>("select sqlite_version() as v"))[0]?.v}`
    : String((await db().$queryRawUnsafe<{ v: string }[]>("select split_part(version(), ' on ', 1) as v"))[0]?.v);

  let probe: { token: string; hash: string } | undefined;
  const phases: Phase[] = [];
  let users = 0;
  let sessions = 0;
  for (const [targetSessions, targetUsers] of [[SMALL_SESSIONS, Math.min(100, SCALE_USERS)], [SCALE_SESSIONS, SCALE_USERS]] as const) {
    const t0 = performance.now();
    const w = await openWriter(url);
    let last = 0;
    try {
      const added = await seedScale(w, {
        users: Math.max(0, targetUsers - users), sessions: Math.max(0, targetSessions - sessions),
        onProgress: (what, done, total) => {
          if (done === total || Date.now() - last > 5000) { last = Date.now(); log(`${dialect}: ${what} ${done}/${total}`); }
        },
      });
      if (!probe) {
        const owner = added.userIds[0] as string;
        const issued = await createSession({ userId: owner, role: "user", mfaMethod: "totp", meta });
        const { hashToken } = await import("../lib/session/token");
        probe = { token: issued.token, hash: hashToken(issued.token) };
      }
      users = await w.count("User");
      sessions = await w.count("Session");
    } finally {
      await w.close(); // PostgreSQL: ANALYZE
    }
    // SQLite: what the server's purge timer runs on its own connection after each purge (a
    // statistics refresh by another connection is not seen by an open one).
    if (dialect === "sqlite") for (const p of SQLITE_OPTIMIZE) await db().$queryRawUnsafe(p);
    const seedSeconds = (performance.now() - t0) / 1000;

    for (let i = 0; i < WARMUP_ITERATIONS; i++) await validateSessionToken(probe.token, meta);
    const times: number[] = [];
    const deadline = Date.now() + 300_000;
    for (let i = 0; i < ITERATIONS && Date.now() < deadline; i++) {
      const s = performance.now();
      const r = await validateSessionToken(probe.token, meta);
      times.push(performance.now() - s);
      if (!r.ok) throw new Error(`probe session rejected: ${r.reason}`);
    }
    const sorted = [...times].sort((a, b) => a - b);

    // "Sign out everywhere" for a user with MANY live sessions: one UPDATE.
    const w2 = await openWriter(url);
    let manyUser: string;
    try {
      manyUser = await userWithSessions(w2, MANY);
    } finally {
      await w2.close();
    }
    const e0 = performance.now();
    const ended = await endAllSessions(manyUser, { by: "user", reason: "sign_out_everywhere" });
    const endMs = performance.now() - e0;
    if (ended !== MANY) throw new Error(`endAllSessions ended ${ended}, expected ${MANY}`);

    const queue = await timeQueue();
    phases.push({
      sessions, users, seedSeconds, queue,
      validate: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: times.reduce((a, b) => a + b, 0) / times.length, max: sorted[sorted.length - 1] ?? NaN, n: times.length },
      endAll: { ms: endMs, ended },
      plan: await plan(probe.hash),
    });
    log(`${dialect}: ${sessions} sessions: validate p50 ${phases.at(-1)?.validate.p50.toFixed(3)} ms p99 ${phases.at(-1)?.validate.p99.toFixed(3)} ms; endAll(${MANY}) ${endMs.toFixed(1)} ms; queue (${queue.open} open) first ${queue.firstMs.toFixed(1)} ms, deep ${queue.deepMs.toFixed(1)} ms`);
  }
  await db().$disconnect();
  process.stdout.write(JSON.stringify({ dialect, dbVersion: version, phases } satisfies ChildOut) + "\n");
}

// ------------------------------------------------------------------ parent: databases, children, report

function runChild(url: string, timeoutMs: number): Promise<ChildOut> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [TSX, "--conditions=react-server", "bench/scale.ts", "--child"], {
      cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "inherit"],
      env: {
        PATH: env.PATH, HOME: env.HOME, NODE_ENV: "production", DATABASE_URL: url, AUTH_SECRET: BENCH_AUTH_SECRET, TOTP_ENCRYPTION_KEY: BENCH_TOTP_KEY, LOG_LEVEL: "warn",
        // No coalesced last-seen write falls due during the measurement: the read-only path.
        SESSION_IDLE_TIMEOUT_SECONDS: "43200", SESSION_ABSOLUTE_TIMEOUT_SECONDS: "43200", SESSION_TOUCH_INTERVAL_SECONDS: "43200",
        SCALE_USERS: String(SCALE_USERS), SCALE_SESSIONS: String(SCALE_SESSIONS), SMALL_SESSIONS: String(SMALL_SESSIONS),
        ITERATIONS: String(ITERATIONS), WARMUP_ITERATIONS: String(WARMUP_ITERATIONS), MANY: String(MANY),
      },
    });
    let out = "";
    c.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      log(`time limit ${timeoutMs / 1000} s reached; stopping the child`);
      try { process.kill(-(c.pid as number), "SIGKILL"); } catch { /* gone */ }
    }, timeoutMs);
    c.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`scale child exited with ${code}`));
      try { resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as ChildOut); } catch (e) { reject(e as Error); }
    });
  });
}

async function pgAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

async function oneDatabase(dialect: "sqlite" | "postgresql"): Promise<ChildOut | string> {
  // Generous: ~1 M rows load in about a minute on 2 cores; validation runs are bounded in the child.
  const timeoutMs = 20 * 60_000 + Math.ceil(SCALE_SESSIONS / 1000) * 1000;
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sg-scale-"));
    try {
      const url = `file:${path.join(dir, "scale.db")}`;
      await migrate(url);
      return await runChild(url, timeoutMs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  try {
    await pgAdmin("SELECT 1");
  } catch (err) {
    return `PostgreSQL not reachable (${(err as Error).message})`;
  }
  const name = `sg_bench_${randomBytes(6).toString("hex")}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    await migrate(u.toString());
    return await runChild(u.toString(), timeoutMs);
  } finally {
    await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e: unknown) => log(`drop failed: ${(e as Error).message}`));
  }
}

async function parent(): Promise<number> {
  const started = Date.now();
  const machine = machineLine();
  const which = env.DB ?? "both";
  if (!["sqlite", "postgresql", "both"].includes(which)) throw new Error("DB must be sqlite, postgresql or both");
  const dialects = which === "both" ? (["sqlite", "postgresql"] as const) : [which as "sqlite" | "postgresql"];
  const results: [string, ChildOut | string][] = [];
  let failed = false;
  for (const d of dialects) {
    log(`=== ${d}`);
    try {
      results.push([d, await oneDatabase(d)]);
    } catch (err) {
      failed = true;
      results.push([d, `FAILED: ${(err as Error).message}`]);
    }
  }
  const short = SCALE_SESSIONS < 1_000_000 || ITERATIONS < 5_000;
  const lines: string[] = [];
  lines.push(`## ${new Date().toISOString()} — Scale: validation latency vs table size, sign out everywhere${short ? ` (SHORT VALIDATION RUN — ${SCALE_SESSIONS.toLocaleString("en")} sessions, not the 1 M target)` : ""}`);
  lines.push("");
  if (env.BENCH_NOTE) lines.push(env.BENCH_NOTE, "");
  lines.push(`Machine: ${machine}  `);
  lines.push(`Versions: ${versionsLine()}  `);
  lines.push(`Method: in-process \`validateSessionToken\` on one fresh probe session (no HTTP, no last-seen write), ${WARMUP_ITERATIONS} warm-up + ${ITERATIONS} timed sequential calls ` +
    `per size; \`endAllSessions\` for a user holding ${MANY.toLocaleString("en")} live sessions (one UPDATE). Rows bulk-loaded by bench/bulk.ts (≈12% active, 1% flagged, 55% expired, 32% revoked).  `);
  lines.push(`Command: \`DB=${which} SCALE_USERS=${SCALE_USERS} SCALE_SESSIONS=${SCALE_SESSIONS} ITERATIONS=${ITERATIONS} npm run bench:scale\`; took ${Math.round((Date.now() - started) / 1000)} s`);
  for (const [d, r] of results) {
    lines.push("");
    if (typeof r === "string") {
      lines.push(`### ${d}`, "", r.startsWith("FAILED") ? r : `Skipped: ${r}`);
      continue;
    }
    lines.push(`### ${r.dbVersion}`, "");
    lines.push(`| Session rows | users | validate p50 ms | p99 ms | mean ms | max ms | calls | endAllSessions(${MANY.toLocaleString("en")}) ms | open flags | queue first page ms | queue page at 90% ms | bulk load s |`);
    lines.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const p of r.phases)
      lines.push(`| ${p.sessions.toLocaleString("en")} | ${p.users.toLocaleString("en")} | ${fmt(p.validate.p50, 3)} | ${fmt(p.validate.p99, 3)} | ${fmt(p.validate.mean, 3)} | ${fmt(p.validate.max, 2)} | ${p.validate.n} | ${fmt(p.endAll.ms, 1)} | ${p.queue.open.toLocaleString("en")} | ${fmt(p.queue.firstMs, 1)} | ${fmt(p.queue.deepMs, 1)} | ${fmt(p.seedSeconds, 1)} |`);
    const [small, big] = [r.phases[0], r.phases.at(-1)];
    if (small && big && small !== big) lines.push("", `p99 at ${big.sessions.toLocaleString("en")} rows ÷ p99 at ${small.sessions.toLocaleString("en")} rows: ${fmt(big.validate.p99 / small.validate.p99, 2)}× (target ≤ 1.2×)`);
    lines.push("", `Lookup plan at the largest size: \`${r.phases.at(-1)?.plan ?? "?"}\``);
  }
  const report = lines.join("\n");
  console.log(report);
  if (env.APPEND_DOCS !== "0") appendToDocs(report);
  return failed ? 1 : 0;
}

if (process.argv.includes("--child")) {
  child().then(() => process.exit(0), (err: unknown) => {
    console.error("[scale child] failed:", err instanceof Error ? err.stack : err);
    process.exit(1);
  });
} else {
  parent().then((code) => process.exit(code), (err: unknown) => {
    console.error("[scale] failed:", err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
