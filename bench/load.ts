// Load driver: a process of its own (never the server's), started by bench/run.ts with a JSON
// spec file. For each round and each target (interleaved): warm-up run, then the measured run,
// with the server process group's CPU read from /proc just before and after the measured run.
// Prints one JSON object on stdout; progress on stderr. Loopback targets only.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { groupCpuMs } from "./proc";

export interface LoadTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** Every measured response must be exactly this body ... */
  expectBody?: string;
  /** ... or contain this text (pages: the HTML carries a per-request nonce). */
  bodyContains?: string;
  /** The status every measured response must have (default 200; the hostile-UA row expects 431). */
  expectStatus?: number;
}

export interface LoadSpec {
  targets: LoadTarget[];
  rounds: number;
  duration: number;
  warmup: number;
  connections: number;
  /** Process group of the server, for CPU per request. */
  pgid: number;
}

export interface LoadRun {
  round: number;
  name: string;
  rps: number;
  total: number;
  p50: number;
  p99: number;
  mean: number;
  cpuMsPer1k: number;
  codes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

// require() (not import) so NODE_PATH can point at an autocannon installed outside the project.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function fire(t: LoadTarget, connections: number, seconds: number): Promise<AutocannonResult> {
  return autocannon({
    url: t.url,
    connections,
    duration: seconds,
    timeout: 10,
    headers: t.headers,
    ...(t.bodyContains !== undefined ? { verifyBody: (b: string) => typeof b === "string" && b.includes(t.bodyContains as string) } : {}),
    ...(t.expectBody !== undefined && t.bodyContains === undefined ? { expectBody: t.expectBody } : {}),
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as LoadSpec;
  for (const t of spec.targets) if (!isLoopback(t.url)) throw new Error(`refusing non-loopback target ${t.url}`);
  const runs: LoadRun[] = [];
  for (let round = 1; round <= spec.rounds; round++) {
    for (const t of spec.targets) {
      if (spec.warmup > 0) await fire(t, spec.connections, spec.warmup);
      const cpu0 = groupCpuMs(spec.pgid);
      const r = await fire(t, spec.connections, spec.duration);
      const cpu = groupCpuMs(spec.pgid) - cpu0;
      const codes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
      const run: LoadRun = {
        round, name: t.name, rps: r.requests.average, total: r.requests.total,
        p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.average,
        cpuMsPer1k: r.requests.total > 0 ? cpu / (r.requests.total / 1000) : NaN,
        codes, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, mismatches: r.mismatches,
      };
      runs.push(run);
      console.error(`[load] round ${round} ${t.name}: ${run.rps.toFixed(0)} req/s p50 ${run.p50} p99 ${run.p99} ` +
        `cpu ${run.cpuMsPer1k.toFixed(0)} ms/1k codes ${JSON.stringify(codes)} errors ${run.errors} timeouts ${run.timeouts} mismatches ${run.mismatches}`);
    }
  }
  process.stdout.write(JSON.stringify({ runs }) + "\n");
}

main().catch((err: unknown) => {
  console.error("[load] failed:", err instanceof Error ? err.stack : err);
  process.exit(1);
});
