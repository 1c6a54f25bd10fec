// Shared by the benchmarks: machine and version lines, small statistics, and appending a
// dated section to docs/benchmarks.md (previous sections are kept).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const DOCS = path.join(ROOT, "docs", "benchmarks.md");

export function median(values: number[]): number {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function packageVersion(name: string): string {
  const req = createRequire(path.join(ROOT, "package.json"));
  try {
    return (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    try {
      return (JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "not installed";
    }
  }
}

export function machineLine(): string {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  return `nproc ${os.availableParallelism()}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
    `Linux ${os.release()}, Node ${process.version}; load average at start ${load}`;
}

export function versionsLine(extra: string[] = []): string {
  const pkgs = ["next", "react", "react-dom", "prisma", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "better-sqlite3", "pg", ...extra];
  return pkgs.map((p) => `${p} ${packageVersion(p)}`).join(", ");
}

// Used only when docs/benchmarks.md does not exist yet (it normally does, with results).
const DOCS_HEADER = `# Benchmarks

What the per-request session check costs, and whether it stays cheap as the session table grows.
Results are appended below by the scripts, newest last; each section says when, on what machine,
under what load and with which versions it was measured. **Short validation runs** (a few seconds,
one round, on a busy shared machine) only show that the harness works: they are labelled as such
and are not for comparison.

## How to run

\`\`\`bash
npm run bench                      # build, then SQLite and PostgreSQL; ~2.5 min per database with the defaults
SKIP_BUILD=1 DB=sqlite DURATION=3 ROUNDS=1 npm run bench      # quick check of the harness
npm run bench:scale                # 1 k vs 1 M session rows, SQLite and PostgreSQL
DB=sqlite SCALE_SESSIONS=100000 SCALE_USERS=10000 npm run bench:scale
npm run seed:scale -- --users 100000 --sessions 1000000 --db file:/tmp/big.db   # just fill a database
\`\`\`

Run them on an otherwise idle machine. PostgreSQL is expected at
\`postgresql://postgres@127.0.0.1:5432/postgres\` (\`BENCH_PG_URL\`); without it that half is skipped
with the reason printed. Each run uses its own temp SQLite file or a fresh \`sg_bench_<random>\`
database, dropped at the end. \`APPEND_DOCS=0\` prints without appending here; \`BENCH_NOTE\` adds a line.

### \`npm run bench\` (bench/run.ts)

Same method as the peers' harness (\`../shared/bench-peers\`), so the **× bare** ratios can be put
side by side with next-auth and Better Auth:

- \`server.ts\`, production build, on 127.0.0.1:\`PORT\` (3300), in its own process group; one user and
  one **fresh** session made with \`createUser\` / \`createSession\`. The server runs with idle =
  absolute = touch interval = 12 h, so no coalesced last-seen write falls due: this is the
  read-only path, one indexed read per request (asserted by tests/integration/session-lifecycle.test.ts;
  the run checks afterwards that \`lastSeenAt\` did not change). The risk engine assesses every
  request as usual, but its rapid-fire limit is raised (\`RISK_CONFIG_JSON\`) for the server under
  test: 20 connections on one session would otherwise, correctly, be answered with a challenge.
- Load: autocannon in a **separate process** (bench/load.ts), \`CONNECTIONS\` (20) connections, for
  each of \`ROUNDS\` (3) rounds and each route in turn a \`WARMUP\` (3 s) run then a measured
  \`DURATION\` (10 s) run. Routes: **bare** \`/api/bench/bare\` (\`{ok:true}\`, no session, no database:
  the ceiling of this stack, proxy included), **api** \`/api/me\` with the cookie, **page** \`/account\`
  with the cookie (server-rendered; also reads the user and the unread-alert count).
- Checks (exit 1, results marked invalid): preflight: bare answers \`{"ok":true}\`, \`/api/me\` with the
  cookie answers 200 with the seeded session, without a cookie / with a forged well-formed cookie /
  with a malformed cookie 401, \`/account\` with the cookie shows the user's email and without it is
  not served; during the runs every response is 200 with the expected body (api: byte-identical;
  page: contains the user's email) with 0 errors and 0 timeouts; afterwards the session is still
  valid and was not written.
- Columns: req/s = autocannon's mean req/s, median over rounds; p50/p99/mean latency, median over
  rounds (1 ms resolution; at 20 connections on a saturated server they are mostly queueing);
  **× bare** = req/s ÷ bare req/s in the same round, median over rounds (compare this across
  machines, not absolute req/s); **server CPU ms / 1k req** = utime+stime of the server's whole
  process group (tsx wrapper + node, all threads, GC included) from /proc during the measured run ÷
  requests (least sensitive to load-generator noise); RSS / peak RSS (VmHWM) of the group.

### \`npm run bench:scale\` (bench/scale.ts)

In a child process, the library in-process (no HTTP, no risk engine: the database part of the
check only): bulk-load \`SMALL_SESSIONS\` (1,000) session
rows, create a probe session with \`createSession\`, time \`validateSessionToken(probe)\`
\`ITERATIONS\` (5,000) times after \`WARMUP_ITERATIONS\` (500); time \`endAllSessions\` for a user holding
\`MANY\` (1,000) live sessions (one UPDATE). Then bulk-load up to \`SCALE_SESSIONS\` (1,000,000) rows
over \`SCALE_USERS\` (100,000) users and repeat with the same probe. The lookup's query plan is
recorded (it must be an index search on \`Session_tokenHash_key\`). Bulk rows (bench/bulk.ts,
also \`npm run seed:scale\`): ≈12% active and 1% flagged within their timeouts, 55% expired, 32%
revoked, started up to 180 days ago, random 64-hex token hashes; SQLite through better-sqlite3
prepared statements in 10,000-row transactions, PostgreSQL through \`INSERT … SELECT FROM unnest()\`
in 10,000-row statements, then \`ANALYZE\`.

### Limits

- Two cores are shared by the server, the load generator and (for PostgreSQL) the database; the
  Next server's main thread is the bottleneck. Absolute numbers hold for one machine only.
- Latencies in the scale table are sequential single calls including Prisma's query engine; the
  p99 is sensitive to anything else running.

# Results
`;

export function appendToDocs(section: string): void {
  if (!existsSync(DOCS)) writeFileSync(DOCS, DOCS_HEADER);
  appendFileSync(DOCS, `\n${section.trimEnd()}\n`);
}

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "–";
}
