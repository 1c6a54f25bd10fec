// `npm run bench`: HTTP throughput of the per-request session check, per database.
//
// For each database (SQLite file in a temp dir; PostgreSQL: a fresh sg_bench_<random> database,
// dropped at the end; skipped with the reason if unreachable): migrate, seed one user + one fresh
// session through the library (bench/seed.ts), start server.ts (production build) in its own
// process group on a 33xx port, preflight, then drive it from a separate process
// (bench/load.ts, autocannon) over three routes, rounds interleaved:
//   bare     /api/bench/bare   no session, no database: the ceiling of this stack
//   api      /api/me           authenticated API route (cookie)
//   page     /account          authenticated server-rendered page (cookie)
//   sign-in  /sign-in          the public sign-in page, an ordinary User-Agent
//   hostile  /sign-in          the same page with a 12 KB User-Agent: refused with 431 by server.ts
//                              (ADR 0012); the report gives its cost next to the ordinary request's
// Method matches ../shared/bench-peers (autocannon, 20 connections, warm-up + measured run per
// route, CPU of the server from /proc), so the "× bare" ratios are comparable.
//
// Knobs: ROUNDS (3), DURATION (10 s), WARMUP (3 s), CONNECTIONS (20), DB=sqlite|postgresql|both
// (both), PORT (3300; 3300-3399 only), SKIP_BUILD=1, BENCH_PG_URL (admin URL, default
// postgresql://postgres@127.0.0.1:5432/postgres), APPEND_DOCS=0 (do not write docs/benchmarks.md),
// BENCH_NOTE (text added to the docs section), BENCH_RISK_STORE=memory|postgres|redis (the
// server's RISK_STORE; default: the app's own choice — memory on SQLite, postgres on PostgreSQL),
// BENCH_REDIS_URL (default redis://127.0.0.1:6379, used with BENCH_RISK_STORE=redis). Exit 1 if any check fails.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import Database from "better-sqlite3";
import { migrate } from "../lib/db/migrator";
import { groupMemoryMiB } from "./proc";
import { BENCH_AUTH_SECRET, BENCH_TOTP_KEY, BENCH_UA, HOSTILE_UA } from "./constants";
import { appendToDocs, fmt, machineLine, median, ROOT, versionsLine } from "./report";
import type { LoadRun, LoadSpec, LoadTarget } from "./load";

const env = process.env;
const int = (name: string, def: number, min: number, max: number): number => {
  const v = env[name] === undefined || env[name] === "" ? def : Number(env[name]);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
  return v;
};
const ROUNDS = int("ROUNDS", 3, 1, 20);
const DURATION = int("DURATION", 10, 1, 300);
const WARMUP = int("WARMUP", 3, 0, 60);
const CONNECTIONS = int("CONNECTIONS", 20, 1, 500);
const PORT = int("PORT", 3300, 3300, 3399);
const DB_KNOB = env.DB ?? "both";
const RISK_STORE = env.BENCH_RISK_STORE ?? "";
if (!["", "memory", "postgres", "redis"].includes(RISK_STORE)) throw new Error("BENCH_RISK_STORE must be memory, postgres or redis");
/** Where the risk counters live in this run, per database (the app's default when not forced). */
const storeLabel = (d: Dialect) => RISK_STORE || (d === "sqlite" ? "memory" : "postgres");
if (!["sqlite", "postgresql", "both"].includes(DB_KNOB)) throw new Error("DB must be sqlite, postgresql or both");
const PG_ADMIN_URL = env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const SESSION_COOKIE = "__Host-sg_session";
const BASE = `http://127.0.0.1:${PORT}`;
const started = Date.now();
const log = (...a: unknown[]) => console.error("[bench]", ...a);

type Dialect = "sqlite" | "postgresql";
const SIGN_IN = "sign-in page (/sign-in)";
const HOSTILE = "sign-in, 12 KB User-Agent (431)";
interface DbResult {
  dialect: Dialect;
  skipped?: string;
  runs: LoadRun[];
  failures: string[];
  memory: { when: string; rss: number; hwm: number }[];
  checks: string[];
  dbVersion?: string;
}

// ---------------------------------------------------------------- process helpers (all bounded)

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs: number; capture?: boolean; label: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? env, stdio: ["ignore", opts.capture ? "pipe" : "inherit", "inherit"], detached: true });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      log(`${opts.label}: time limit ${opts.timeoutMs / 1000} s reached, stopping it`);
      killGroup(child, "SIGKILL");
    }, opts.timeoutMs);
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${opts.label} exited with ${code ?? signal}`));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // group already gone
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  killGroup(child, "SIGTERM");
  const t = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(t);
  killGroup(child, "SIGKILL"); // anything left in the group
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; location: string | null }> {
  const res = await fetch(`${BASE}${pathname}`, { headers: { "user-agent": BENCH_UA, ...headers }, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: await res.text(), location: res.headers.get("location") };
}

// ---------------------------------------------------------------- databases

async function pgReachable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return null;
  } catch (err) {
    return `PostgreSQL not reachable at ${PG_ADMIN_URL.replace(/\/\/[^@]*@/, "//…@")}: ${(err as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function pgAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

interface Prepared { url: string; cleanup: () => Promise<void>; version: () => Promise<string>; lastSeen: (sessionId: string) => Promise<string> }

async function prepareDb(dialect: Dialect): Promise<Prepared> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sg-bench-db-"));
    const file = path.join(dir, "bench.db");
    const withDb = <T>(f: (d: Database.Database) => T): T => {
      const d = new Database(file, { readonly: true });
      try { return f(d); } finally { d.close(); }
    };
    return {
      url: `file:${file}`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      version: async () => `SQLite ${withDb((d) => (d.prepare("select sqlite_version() v").get() as { v: string }).v)}`,
      lastSeen: async (id) => String(withDb((d) => (d.prepare(`SELECT "lastSeenAt" v FROM "Session" WHERE id = ?`).get(id) as { v: unknown }).v)),
    };
  }
  const name = `sg_bench_${randomBytes(6).toString("hex")}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const q = async (sql: string, params: unknown[] = []): Promise<unknown> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await c.connect();
    try { return (await c.query(sql, params)).rows[0]?.v; } finally { await c.end(); }
  };
  return {
    url,
    cleanup: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    version: async () => String(await q("SELECT split_part(version(), ' on ', 1) v")),
    // Prisma keeps UTC in timestamp(3) without time zone: format it in SQL, whatever the client's TZ.
    lastSeen: async (id) => String(await q(`SELECT to_char("lastSeenAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') v FROM "Session" WHERE id = $1`, [id])),
  };
}

// ---------------------------------------------------------------- one database

function serverEnv(url: string): NodeJS.ProcessEnv {
  return {
    PATH: env.PATH,
    HOME: env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    TOTP_ENCRYPTION_KEY: BENCH_TOTP_KEY,
    APP_URL: `http://localhost:${PORT}`,
    PORT: String(PORT),
    HOST: "127.0.0.1",
    MIGRATE_ON_START: "true",
    LOG_LEVEL: "warn",
    // Timeouts long enough that the coalesced last-seen write never falls due during a run:
    // this measures the read-only path (one indexed read per request).
    SESSION_IDLE_TIMEOUT_SECONDS: "43200",
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: "43200",
    SESSION_TOUCH_INTERVAL_SECONDS: "43200",
    // 20 connections on one session is far past the risk engine's rapid-fire limit (a person
    // does not send hundreds of requests a second), which would answer 429/401 and write a
    // challenge. Raise only that limit: every request is still assessed (the engine's cost is
    // measured), the benchmark's own traffic is just not treated as an attack.
    RISK_CONFIG_JSON: JSON.stringify({ rapidFire: { perSecond: 1e9, perMinute: 1e12 } }),
    ...(RISK_STORE ? { RISK_STORE } : {}),
    ...(RISK_STORE === "redis" ? { REDIS_URL: env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379" } : {}),
  };
}

const current: { server?: ChildProcess; db?: Prepared } = {};

async function benchDatabase(dialect: Dialect): Promise<DbResult> {
  const result: DbResult = { dialect, runs: [], failures: [], memory: [], checks: [] };
  if (dialect === "postgresql") {
    const why = await pgReachable();
    if (why) {
      log(`skipping PostgreSQL: ${why}`);
      return { ...result, skipped: why };
    }
  }
  if (!(await portFree(PORT))) throw new Error(`port ${PORT} is in use; choose another with PORT=33xx`);
  const db = await prepareDb(dialect);
  current.db = db;
  try {
    await migrate(db.url);
    result.dbVersion = await db.version();
    const senv = serverEnv(db.url);
    const seeded = JSON.parse(
      await run(process.execPath, [TSX, "--conditions=react-server", "bench/seed.ts"], { env: senv, timeoutMs: 120_000, capture: true, label: "seed" }),
    ) as { token: string; userId: string; sessionId: string; email: string; lastSeenAt: string };
    const cookie = `${SESSION_COOKIE}=${seeded.token}`;
    log(`${dialect}: seeded user ${seeded.userId}, session ${seeded.sessionId}`);

    const logFile = path.join(os.tmpdir(), `sg-bench-server-${dialect}-${process.pid}.log`);
    const out = createWriteStream(logFile);
    // detached: the server gets its own process group; we measure and stop exactly that group.
    const server = spawn(process.execPath, [TSX, "server.ts"], { cwd: ROOT, env: senv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    current.server = server;
    server.stdout.pipe(out);
    server.stderr.pipe(out);
    const pgid = server.pid as number;
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}; log:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`server not answering after 120 s; log: ${logFile}`);
        try {
          if ((await get("/api/bench/bare")).status > 0) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 300));
      }

      // ---- preflight: the benchmark must not be able to pass by accident
      const expect = (ok: boolean, what: string) => { (ok ? result.checks : result.failures).push(what); };
      const bare = await get("/api/bench/bare");
      expect(bare.status === 200 && bare.body === '{"ok":true}', `bare: 200 {"ok":true} (got ${bare.status} ${bare.body.slice(0, 60)})`);
      const me = await get("/api/me", { cookie });
      let meBody: { sessionId?: string; userId?: string } = {};
      try { meBody = JSON.parse(me.body) as typeof meBody; } catch { /* checked below */ }
      expect(me.status === 200 && meBody.sessionId === seeded.sessionId && meBody.userId === seeded.userId, `/api/me with the cookie: 200 with the seeded session (got ${me.status})`);
      const noCookie = await get("/api/me");
      expect(noCookie.status === 401, `/api/me without a cookie: 401 (got ${noCookie.status})`);
      const forged = await get("/api/me", { cookie: `${SESSION_COOKIE}=${randomBytes(32).toString("base64url")}` });
      expect(forged.status === 401, `/api/me with a forged well-formed cookie: 401 (got ${forged.status})`);
      const garbage = await get("/api/me", { cookie: `${SESSION_COOKIE}=forged` });
      expect(garbage.status === 401, `/api/me with a malformed cookie: 401 (got ${garbage.status})`);
      const page = await get("/account", { cookie });
      const marker = `data-testid="account-email">${seeded.email}<`;
      expect(page.status === 200 && page.body.includes(marker), `/account with the cookie: 200 showing the user's email (got ${page.status})`);
      const signIn = await get("/sign-in", { "user-agent": BENCH_UA });
      const signInMarker = 'name="password"';
      expect(signIn.status === 200 && signIn.body.includes(signInMarker), `/sign-in: 200 with the password form (got ${signIn.status})`);
      const hostile = await get("/sign-in", { "user-agent": HOSTILE_UA });
      expect(hostile.status === 431, `/sign-in with a 12 KB User-Agent: 431 (got ${hostile.status})`);
      const pageAnon = await get("/account");
      expect(pageAnon.status !== 200 && !pageAnon.body.includes(seeded.email), `/account without a cookie: not served (got ${pageAnon.status} → ${pageAnon.location ?? "no redirect"})`);
      result.memory.push({ when: "after preflight (idle)", ...groupMemoryMiB(pgid) });
      if (result.failures.length) {
        log(`${dialect}: preflight failed:\n  ${result.failures.join("\n  ")}`);
        return result;
      }

      // ---- load, from a separate process
      const headers = { cookie, "user-agent": BENCH_UA };
      const targets: LoadTarget[] = [
        { name: "bare", url: `${BASE}/api/bench/bare`, headers: { "user-agent": BENCH_UA }, expectBody: bare.body },
        { name: "api (/api/me)", url: `${BASE}/api/me`, headers, expectBody: me.body },
        { name: "page (/account)", url: `${BASE}/account`, headers, bodyContains: marker },
        { name: SIGN_IN, url: `${BASE}/sign-in`, headers: { "user-agent": BENCH_UA }, bodyContains: signInMarker },
        { name: HOSTILE, url: `${BASE}/sign-in`, headers: { "user-agent": HOSTILE_UA }, expectStatus: 431 },
      ];
      const spec: LoadSpec = { targets, rounds: ROUNDS, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, pgid };
      const specFile = path.join(os.tmpdir(), `sg-bench-spec-${process.pid}.json`);
      writeFileSync(specFile, JSON.stringify(spec));
      const budgetMs = ROUNDS * targets.length * (WARMUP + DURATION + 20) * 1000 + 60_000;
      const lines = await run(process.execPath, [TSX, "bench/load.ts", specFile], { timeoutMs: budgetMs, capture: true, label: "load driver" });
      rmSync(specFile, { force: true });
      result.runs = (JSON.parse(lines.trim().split("\n").pop() ?? "{}") as { runs: LoadRun[] }).runs;
      result.memory.push({ when: "after all runs", ...groupMemoryMiB(pgid) });

      for (const r of result.runs) {
        const codes = Object.keys(r.codes);
        const want = targets.find((t) => t.name === r.name)?.expectStatus ?? 200;
        const unexpectedNon2xx = want === 200 ? r.non2xx : r.total - (r.codes[String(want)] ?? 0);
        if (r.total === 0 || codes.join() !== String(want) || unexpectedNon2xx || r.errors || r.timeouts || r.mismatches)
          result.failures.push(`round ${r.round} ${r.name}: status codes ${JSON.stringify(r.codes)} (expected ${want}), errors ${r.errors}, timeouts ${r.timeouts}, body mismatches ${r.mismatches}`);
      }
      if (!result.failures.length) result.checks.push("every measured response had the expected status (200 with the expected body; 431 for the 12 KB User-Agent), 0 errors, 0 timeouts");
      const after = await db.lastSeen(seeded.sessionId);
      expect(new Date(after).getTime() === new Date(seeded.lastSeenAt).getTime(), `no last-seen write during the runs (lastSeenAt ${after} vs seeded ${seeded.lastSeenAt})`);
      const still = await get("/api/me", { cookie });
      expect(still.status === 200, `session still valid after the runs (got ${still.status})`);
    } finally {
      await stopServer(server);
      current.server = undefined;
      out.end();
    }
  } finally {
    await db.cleanup().catch((e: unknown) => log(`cleanup failed: ${(e as Error).message}`));
    current.db = undefined;
  }
  return result;
}

// ---------------------------------------------------------------- report

function table(r: DbResult): string[] {
  const out: string[] = [];
  out.push("| route | req/s (median) | req/s min–max | p50 ms | p99 ms | mean ms | × bare (same round, median) | server CPU ms / 1k req | requests | bad |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const names = [...new Set(r.runs.map((x) => x.name))];
  const bareIn = (round: number) => r.runs.find((x) => x.round === round && x.name === "bare")?.rps ?? NaN;
  for (const name of names) {
    const rs = r.runs.filter((x) => x.name === name);
    const rps = rs.map((x) => x.rps);
    const expected431 = name === HOSTILE;
    const bad = rs.reduce((a, x) => a + (expected431 ? x.total - (x.codes["431"] ?? 0) : x.non2xx) + x.errors + x.timeouts + x.mismatches, 0);
    out.push(`| ${name} | ${fmt(median(rps))} | ${fmt(Math.min(...rps))}–${fmt(Math.max(...rps))} | ${fmt(median(rs.map((x) => x.p50)))} | ${fmt(median(rs.map((x) => x.p99)))} ` +
      `| ${fmt(median(rs.map((x) => x.mean)), 2)} | ${fmt(median(rs.map((x) => x.rps / bareIn(x.round))), 3)} | ${fmt(median(rs.map((x) => x.cpuMsPer1k)))} ` +
      `| ${rs.reduce((a, x) => a + x.total, 0)} | ${bad} |`);
  }
  // Issue 12: a hostile User-Agent must cost about what an ordinary request does (it cost ~55× before ADR 0012).
  const per = (n: string, round: number) => r.runs.find((x) => x.round === round && x.name === n);
  const cpuRatio = median(r.runs.filter((x) => x.name === HOSTILE).map((x) => x.cpuMsPer1k / (per(SIGN_IN, x.round)?.cpuMsPer1k ?? NaN)));
  const rpsRatio = median(r.runs.filter((x) => x.name === HOSTILE).map((x) => x.rps / (per(SIGN_IN, x.round)?.rps ?? NaN)));
  if (Number.isFinite(cpuRatio)) {
    out.push("");
    out.push(`Hostile 12 KB User-Agent vs an ordinary one on /sign-in (same round, median): server CPU per request ×${fmt(cpuRatio, 3)}, req/s ×${fmt(rpsRatio, 2)} — refused with 431 before Next parses it.`);
  }
  out.push("");
  out.push("| server process group | RSS MiB | peak RSS (VmHWM) MiB |");
  out.push("|---|---:|---:|");
  for (const m of r.memory) out.push(`| ${m.when} | ${fmt(m.rss, 1)} | ${fmt(m.hwm, 1)} |`);
  return out;
}

async function main(): Promise<number> {
  const loadAtStart = machineLine();
  if (env.SKIP_BUILD !== "1") {
    log("production build (SKIP_BUILD=1 to reuse .next)…");
    await run("npm", ["run", "build", "--silent"], { timeoutMs: 20 * 60_000, label: "build", env: { ...env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build in .next (run without SKIP_BUILD=1)");
  const dialects: Dialect[] = DB_KNOB === "both" ? ["sqlite", "postgresql"] : [DB_KNOB as Dialect];
  const results: DbResult[] = [];
  for (const d of dialects) {
    log(`=== ${d}`);
    results.push(await benchDatabase(d));
  }

  const short = DURATION < 10 || ROUNDS < 3;
  const lines: string[] = [];
  lines.push(`## ${new Date().toISOString()} — HTTP: per-request session check${short ? " (SHORT VALIDATION RUN — not for comparison)" : ""}`);
  lines.push("");
  if (env.BENCH_NOTE) lines.push(`${env.BENCH_NOTE}`, "");
  lines.push(`Machine: ${loadAtStart}  `);
  lines.push(`Versions: ${versionsLine(["autocannon"])}  `);
  lines.push(`Load: autocannon in a separate process, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s measured per run, ` +
    `${ROUNDS} interleaved round(s) over bare, api, page, sign-in, sign-in with a 12 KB User-Agent; server.ts production build on 127.0.0.1:${PORT}; one user, one fresh session (read-only path); risk engine on, rapid-fire limit raised for the load  `);
  lines.push(`Command: \`ROUNDS=${ROUNDS} DURATION=${DURATION} WARMUP=${WARMUP} CONNECTIONS=${CONNECTIONS} DB=${DB_KNOB}${RISK_STORE ? ` BENCH_RISK_STORE=${RISK_STORE}` : ""} npm run bench\`; took ${Math.round((Date.now() - started) / 1000)} s`);
  for (const r of results) {
    lines.push("");
    lines.push(`### ${r.dialect === "sqlite" ? "SQLite" : "PostgreSQL"}${r.dbVersion ? ` (${r.dbVersion})` : ""}, risk counters: ${storeLabel(r.dialect)}`);
    lines.push("");
    if (r.skipped) { lines.push(`Skipped: ${r.skipped}`); continue; }
    if (r.runs.length) lines.push(...table(r), "");
    lines.push(r.failures.length ? `CHECKS FAILED (results invalid):\n- ${r.failures.join("\n- ")}` : `Checks passed: ${r.checks.join("; ")}.`);
  }
  const report = lines.join("\n");
  console.log(report);
  const failed = results.some((r) => r.failures.length > 0);
  if (env.APPEND_DOCS !== "0") {
    appendToDocs(report);
    log(`appended to docs/benchmarks.md`);
  }
  return failed ? 1 : 0;
}

async function cleanupAndExit(code: number): Promise<never> {
  if (current.server) await stopServer(current.server).catch(() => undefined);
  if (current.db) await current.db.cleanup().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => void cleanupAndExit(130));
process.on("SIGTERM", () => void cleanupAndExit(143));
// Hard bound on the whole run.
const HARD_LIMIT_MS = 2 * 20 * 60_000 + 2 * ROUNDS * 3 * (WARMUP + DURATION + 20) * 1000 + 10 * 60_000;
setTimeout(() => { log(`hard time limit ${HARD_LIMIT_MS / 1000} s reached`); void cleanupAndExit(1); }, HARD_LIMIT_MS).unref();

main().then(
  (code) => cleanupAndExit(code),
  (err: unknown) => { console.error("[bench] failed:", err instanceof Error ? err.message : err); return cleanupAndExit(1); },
);
