// `npm run bench:risk`: cost of the risk engine per request (target < 50 µs CPU on this machine).
// In-process, no HTTP: measures exactly the work the guard adds to a request (signal collection
// with real GeoIP and UA parsing where the request needs them, the counter store, scoring), for a
// typical request (same network and browser) and a suspicious one (new network, other browser,
// other continent: GeoIP lookups + UA parsing on every call) — with each counter store:
//   memory    one instance (in-process)
//   postgres  shared: one upsert round trip per request (a fresh database, dropped afterwards)
//   redis     shared: one Lua script round trip per request (keys under a random prefix, deleted)
// CPU µs is this process's CPU per request (the round trip's waiting is not CPU); wall µs includes
// the round trip. Sequential requests: latency, not throughput. Stores that are not reachable
// are reported as skipped with the reason.
import { createHash, randomBytes } from "node:crypto";
import { cpus } from "node:os";
import pg from "pg";
import { Redis } from "ioredis";
import { DEFAULT_RISK_CONFIG } from "../lib/risk/config";
import { MemoryRiskStore, type RiskStore } from "../lib/risk/store";
import { PostgresRiskStore } from "../lib/risk/store-postgres";
import { RedisRiskStore } from "../lib/risk/store-redis";
import { assessOrdinary, type RiskDeps, type RiskRequest, type SessionBinding } from "../lib/risk/engine";
import { describeUserAgent } from "../lib/session/user-agent";
import { ipPrefix } from "../lib/session/ip";
import { lookupPlace } from "../lib/geo/lookup";
import { pgQueryable } from "../lib/db/pg-pool";
import { migrate } from "../lib/db/migrator";

process.env.AUTH_SECRET ??= "bench-only-secret-not-used-for-anything-0123";
process.env.TOTP_ENCRYPTION_KEY ??= "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";

const N = Number(process.argv[2] ?? 50_000);
const N_SHARED = Math.min(N, Number(process.env.RISK_BENCH_SHARED_N ?? 5_000));
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const ua = describeUserAgent(CHROME);
const session = (i: number): SessionBinding => ({ id: `s${i % 1000}`, ip: "81.2.69.160", ipPrefix: "81.2.69.0/24", uaHash: createHash("sha256").update(CHROME).digest("hex"), browser: ua.browser, os: ua.os, prevIp: "81.2.69.160", prevSeenAt: new Date(), startedInBrowser: true });
const typical: RiskRequest = { ip: "81.2.69.160", ipPrefix: "81.2.69.0/24", userAgent: CHROME, path: "/api/me", method: "GET", fetch: { site: "same-origin", mode: "cors", dest: "empty", origin: null }, isPageView: false };
const hostile: RiskRequest = { ...typical, ip: "1.1.1.1", ipPrefix: ipPrefix("1.1.1.1")!, userAgent: "curl/8.5.0", fetch: { site: null, mode: null, dest: null, origin: null } };

const depsFor = (store: RiskStore): RiskDeps => ({ cfg: { ...DEFAULT_RISK_CONFIG, rapidFire: { perSecond: 1e9, perMinute: 1e12 } }, store, appOrigin: "http://localhost:3000", place: lookupPlace, describeUa: (u) => describeUserAgent(u) });

async function measure(store: string, label: string, deps: RiskDeps, req: RiskRequest, n: number): Promise<string> {
  for (let i = 0; i < Math.min(2000, n); i++) await assessOrdinary(session(i), req, deps, Date.now()); // warm-up (JIT, GeoIP pages, connections)
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await assessOrdinary(session(i), req, deps, Date.now());
  const wall = Number(process.hrtime.bigint() - t0) / 1e3 / n;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / n;
  return `| ${store} | ${label} | ${n} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} |`;
}

async function both(store: string, s: RiskStore, n: number): Promise<string[]> {
  const deps = depsFor(s);
  return [await measure(store, "typical (same network and browser)", deps, typical, n), await measure(store, "suspicious (other continent, other client)", deps, hostile, n)];
}

async function main(): Promise<void> {
  console.log(`Risk engine cost per request — ${new Date().toISOString()}, node ${process.version}, ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}`);
  console.log("| counter store | request | iterations | CPU µs / request | wall µs / request |\n| --- | --- | ---: | ---: | ---: |");
  for (const line of await both("memory", new MemoryRiskStore(), N)) console.log(line);

  const name = `sg_bench_risk_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    await migrate(u.toString());
    const pool = new pg.Pool({ connectionString: u.toString(), max: 5 });
    try {
      const q = pgQueryable(pool);
      for (const line of await both("postgres", new PostgresRiskStore(() => q), N_SHARED)) console.log(line);
    } finally {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } catch (err) {
    console.log(`| postgres | skipped: ${(err as Error).message} | | | |`);
  } finally {
    await admin.end().catch(() => undefined);
  }

  const r = new Redis(REDIS_URL, { connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  r.on("error", () => undefined);
  const prefix = `sg:bench:${randomBytes(4).toString("hex")}:`;
  try {
    await r.ping();
    for (const line of await both("redis", new RedisRiskStore(r, 3_600_000, prefix), N_SHARED)) console.log(line);
    const keys = await r.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
  } catch (err) {
    console.log(`| redis | skipped: ${(err as Error).message} | | | |`);
  } finally {
    r.disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
