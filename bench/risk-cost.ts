// `npm run bench:risk`: CPU cost of the risk engine per request (target < 50 µs on this machine).
// In-process, no HTTP: measures exactly the work the guard adds to a request (signal collection
// with real GeoIP and UA parsing where the request needs them, counters, scoring), for a typical
// request (same network and browser) and for a suspicious one (new network, other browser, other
// continent: GeoIP lookups + UA parsing on every call).
import { createHash } from "node:crypto";
import { cpus } from "node:os";
import { DEFAULT_RISK_CONFIG } from "../lib/risk/config";
import { MemoryRiskStore } from "../lib/risk/store";
import { assessOrdinary, type RiskDeps, type RiskRequest, type SessionBinding } from "../lib/risk/engine";
import { describeUserAgent } from "../lib/session/user-agent";
import { ipPrefix } from "../lib/session/ip";
import { lookupPlace } from "../lib/geo/lookup";

process.env.AUTH_SECRET ??= "bench-only-secret-not-used-for-anything-0123";
process.env.TOTP_ENCRYPTION_KEY ??= "8f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";

const N = Number(process.argv[2] ?? 50_000);
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const deps: RiskDeps = { cfg: { ...DEFAULT_RISK_CONFIG, rapidFire: { perSecond: 1e9, perMinute: 1e12 } }, store: new MemoryRiskStore(), appOrigin: "http://localhost:3000", place: lookupPlace, describeUa: (ua) => describeUserAgent(ua) };
const ua = describeUserAgent(CHROME);
const session = (i: number): SessionBinding => ({ id: `s${i % 1000}`, ip: "81.2.69.160", ipPrefix: "81.2.69.0/24", uaHash: createHash("sha256").update(CHROME).digest("hex"), browser: ua.browser, os: ua.os, prevIp: "81.2.69.160", prevSeenAt: new Date(), startedInBrowser: true });
const typical: RiskRequest = { ip: "81.2.69.160", ipPrefix: "81.2.69.0/24", userAgent: CHROME, path: "/api/me", method: "GET", fetch: { site: "same-origin", mode: "cors", dest: "empty", origin: null }, isPageView: false };
const hostile: RiskRequest = { ...typical, ip: "1.1.1.1", ipPrefix: ipPrefix("1.1.1.1")!, userAgent: "curl/8.5.0", fetch: { site: null, mode: null, dest: null, origin: null } };

function measure(label: string, req: RiskRequest): string {
  for (let i = 0; i < 2000; i++) assessOrdinary(session(i), req, deps, Date.now()); // warm-up (JIT, GeoIP pages)
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) assessOrdinary(session(i), req, deps, Date.now());
  const wall = Number(process.hrtime.bigint() - t0) / 1e3 / N;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / N;
  return `| ${label} | ${N} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} |`;
}

console.log(`Risk engine cost per request — ${new Date().toISOString()}, node ${process.version}, ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}`);
console.log("| request | iterations | CPU µs / request | wall µs / request |\n| --- | ---: | ---: | ---: |");
console.log(measure("typical (same network and browser)", typical));
console.log(measure("suspicious (other continent, other client)", hostile));
