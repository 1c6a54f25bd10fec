// Labelled request traces and their replay through the real risk engine (real GeoIP data, real
// UA parsing, real client-IP resolution) with any counter store. Used by lib/risk/traces.test.ts
// (memory) and tests/integration/risk-store-shared.test.ts (PostgreSQL, Redis). Targets (issue:
// risk engine): every attack is stopped (step-up, challenge or suspend) before any sensitive
// action succeeds; no legitimate trace is suspended; legitimate step-ups only where policy says so.
import { randomBytes } from "node:crypto";
import { DEFAULT_RISK_CONFIG } from "@/lib/risk/config";
import type { RiskStore } from "@/lib/risk/store";
import { assessOrdinary, assessSensitive, type RiskDeps, type SessionBinding } from "@/lib/risk/engine";
import { lookupPlace } from "@/lib/geo/lookup";
import { describeUserAgent } from "@/lib/session/user-agent";
import { ipPrefix } from "@/lib/session/ip";
import { resolveClientIp } from "@/lib/session/client-ip";
import type { Action } from "@/lib/risk/policy";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36";
const CHROME_MINOR = CHROME.replace("131.0.6778.85", "131.0.6778.109");
const CURL = "curl/8.5.0";
const BROWSER = { site: "same-origin", mode: "navigate", dest: "document", origin: null };
const BROWSER_POST = { site: "same-origin", mode: "cors", dest: "empty", origin: "http://localhost:3000" };
const NONE = { site: null, mode: null, dest: null, origin: null };
const LONDON = "81.2.69.160";

interface Step { at: number; ip?: string; xff?: string; ua?: string; path?: string; method?: string; fetch?: typeof NONE | typeof BROWSER | typeof BROWSER_POST; sensitive?: string; failure?: boolean; repeat?: number; every?: number }
export interface Trace { name: string; kind: "legit" | "attack"; steps: Step[]; expectStepUps?: number }

export const TRACES: Trace[] = [
  { name: "Wi-Fi → cellular (new prefix, same UA), then change address", kind: "legit", expectStepUps: 1, steps: [
    { at: 0, path: "/account" }, { at: 300, ip: "31.94.1.1", path: "/account" }, { at: 320, ip: "31.94.1.1", method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },
  { name: "same /24, then change address", kind: "legit", expectStepUps: 0, steps: [
    { at: 0, path: "/account" }, { at: 60, ip: "81.2.69.200", path: "/account" }, { at: 70, ip: "81.2.69.200", method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },
  { name: "browser minor update, then change address", kind: "legit", expectStepUps: 0, steps: [
    { at: 0, path: "/account" }, { at: 3600, ua: CHROME_MINOR, path: "/account" }, { at: 3610, ua: CHROME_MINOR, method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },
  { name: "VPN on: new country, same UA, 5 h later, then change address", kind: "legit", expectStepUps: 1, steps: [
    { at: 0, path: "/account" }, { at: 5 * 3600, ip: "62.4.1.1", path: "/account" }, { at: 5 * 3600 + 30, ip: "62.4.1.1", method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },
  { name: "fast but human: 40 page views in 2 minutes", kind: "legit", expectStepUps: 0, steps: [
    { at: 0, path: "/account", repeat: 40, every: 3 }, { at: 130, method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },

  { name: "token replayed from another IP and another UA", kind: "attack", steps: [
    { at: 0, path: "/account" }, { at: 120, ip: "5.255.255.77", ua: CURL, fetch: NONE, path: "/api/me" }, { at: 125, ip: "5.255.255.77", ua: CURL, fetch: NONE, method: "POST", path: "/account", sensitive: "shipping_address" }] },
  { name: "replay with the victim's UA from another continent minutes later", kind: "attack", steps: [
    { at: 0, path: "/account" }, { at: 600, ip: "1.1.1.1", path: "/account" }, { at: 610, ip: "1.1.1.1", method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },
  { name: "rapid-fire scraping inside the session", kind: "attack", steps: [
    { at: 0, path: "/account" }, { at: 10, path: "/api/me", fetch: BROWSER_POST, repeat: 30, every: 0.02 }, { at: 12, method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "shipping_address" }] },
  { name: "POST straight to the shipping-address change, no page view", kind: "attack", steps: [
    { at: 0, path: "/api/me", fetch: BROWSER_POST }, { at: 5, method: "POST", fetch: NONE, path: "/account", sensitive: "shipping_address" }] },
  { name: "spoofed X-Forwarded-For with the victim's IP", kind: "attack", steps: [
    { at: 0, path: "/account" }, { at: 60, ip: "200.160.2.3", xff: LONDON, ua: CURL, fetch: NONE, path: "/api/me" }, { at: 62, ip: "200.160.2.3", xff: LONDON, ua: CURL, fetch: NONE, method: "POST", path: "/account", sensitive: "shipping_address" }] },
  { name: "repeated wrong passwords on change-password", kind: "attack", steps: [
    { at: 0, path: "/account" }, { at: 5, method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "password", failure: true, repeat: 4, every: 2 }, { at: 20, method: "POST", fetch: BROWSER_POST, path: "/account", sensitive: "password" }] },
];

export interface Outcome { name: string; kind: string; firstResponse: string; stepUps: number; suspended: boolean; sensitiveSucceeded: boolean; pass: boolean; note: string }
/** Replays one trace; the session id is fresh each time, so shared stores start empty. */
export async function runTrace(t: Trace, store: RiskStore): Promise<Outcome> {
  const deps: RiskDeps = {
    cfg: DEFAULT_RISK_CONFIG, store, appOrigin: "http://localhost:3000", place: lookupPlace,
    describeUa: (ua) => describeUserAgent(ua),
  };
  const t0 = Date.parse("2026-11-29T09:00:00Z");
  const origin = describeUserAgent(CHROME);
  const s: SessionBinding = { id: `trace-${randomBytes(6).toString("hex")}`, ip: LONDON, ipPrefix: ipPrefix(LONDON)!, uaHash: origin.hash, browser: origin.browser, os: origin.os, prevIp: LONDON, prevSeenAt: new Date(t0), startedInBrowser: true };
  let stepUps = 0, suspended = false, sensitiveSucceeded = false, firstResponse = "none", stopped = false;
  const note: string[] = [];
  for (const step of t.steps) {
    for (let i = 0; i < (step.repeat ?? 1) && !stopped; i++) {
      const now = t0 + (step.at + i * (step.every ?? 0)) * 1000;
      const ip = resolveClientIp({ socketIp: step.ip ?? LONDON, xForwardedFor: step.xff, trustedProxies: [] });
      const ua = step.ua ?? CHROME;
      const req = { ip, ipPrefix: ipPrefix(ip)!, userAgent: ua, path: step.path ?? "/account", method: step.method ?? "GET", fetch: step.fetch ?? BROWSER, isPageView: (step.method ?? "GET") === "GET" && !(step.path ?? "").startsWith("/api") };
      let d = await assessOrdinary(s, req, deps, now);
      if (step.sensitive && d.action !== "suspend" && d.action !== "step_up" && d.action !== "challenge") d = await assessSensitive(d, s, { name: step.sensitive, offeredBy: "/account" }, deps, now);
      s.prevIp = ip;
      s.prevSeenAt = new Date(now);
      const act: Action = d.action;
      if (act === "step_up" || act === "challenge" || act === "suspend") {
        if (firstResponse === "none") firstResponse = `${act} (${d.signals.map((x) => x.id).join("+")}, score ${d.score})`;
        if (act === "suspend") suspended = true;
        if (act === "step_up") stepUps++;
        if (t.kind === "attack") { stopped = true; break; }
        // A legitimate user passes the step-up or the puzzle: the session is re-bound to where they are.
        const now2 = describeUserAgent(ua);
        Object.assign(s, { ip, ipPrefix: ipPrefix(ip)!, uaHash: now2.hash, browser: now2.browser, os: now2.os });
        if (act === "challenge") await deps.store.markChallengePassed(s.id, now);
        d = step.sensitive ? await assessSensitive(await assessOrdinary(s, { ...req, isPageView: false }, deps, now), s, { name: step.sensitive, offeredBy: "/account" }, deps, now) : d;
      }
      if (step.failure) await deps.store.addFailure(s.id, now, deps.cfg.failures.windowSeconds * 1000);
      else if (step.sensitive && (d.action === "allow" || d.action === "log")) sensitiveSucceeded = true;
    }
    if (stopped) break;
  }
  const pass = t.kind === "attack" ? firstResponse !== "none" && !sensitiveSucceeded : !suspended && sensitiveSucceeded && stepUps === (t.expectStepUps ?? 0);
  if (t.kind === "legit" && stepUps !== (t.expectStepUps ?? 0)) note.push(`expected ${t.expectStepUps ?? 0} step-ups`);
  return { name: t.name, kind: t.kind, firstResponse, stepUps, suspended, sensitiveSucceeded, pass, note: note.join("; ") };
}

/** The printed table with the summary line. */
export function traceTable(rows: Outcome[], title: string): string {
  const line = (c: string[]) => `| ${c.join(" | ")} |`;
  const out = [line(["trace", "kind", "first response", "step-ups", "suspended", "sensitive action done", "result"]), line(["---", "---", "---", "---:", "---", "---", "---"])];
  for (const r of rows) out.push(line([r.name, r.kind, r.firstResponse, String(r.stepUps), r.suspended ? "yes" : "no", r.sensitiveSucceeded ? "yes" : "no", r.pass ? "PASS" : `FAIL ${r.note}`]));
  const legit = rows.filter((r) => r.kind === "legit");
  out.push("", `attacks stopped: ${rows.filter((r) => r.kind === "attack" && r.pass).length}/${rows.filter((r) => r.kind === "attack").length}; legitimate traces suspended: ${legit.filter((r) => r.suspended).length}; legitimate step-ups: ${legit.reduce((a, r) => a + r.stepUps, 0)} (policy: new network or new country before a sensitive action)`);
  return `\nRisk trace table (${title})\n${out.join("\n")}\n`;
}
