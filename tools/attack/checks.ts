// The checks, as pure functions over observed responses. Probing (browser / raw HTTP) lives in
// probes.ts and browser.ts; these only judge, so they are easy to unit test.
import type { CheckResult, RunOptions, Status } from "./types";
import { analyseTokens, describeAnalysis } from "./tokens";

const r = (id: string, name: string, status: Status, evidence: string, fix = ""): CheckResult => ({ id, name, status, evidence, fix: status === "PASS" ? "" : fix });

/** Statuses that mean "refused": the request did not get the protected resource. */
export function isRefused(status: number): boolean {
  return status === 401 || status === 403 || status === 419 || status === 429;
}
const ok = (s: number) => s >= 200 && s < 300;

/**
 * A response that refuses or asks the client to step up / re-authenticate: a refusal status, a
 * redirect to sign-in or to a challenge page, or a non-2xx (or JSON) body naming a challenge.
 */
export function isChallenge(res: { status: number; location?: string; body?: string }, markers: string[]): boolean {
  if (isRefused(res.status)) return true;
  const marked = (s: string) => markers.some((m) => new RegExp(m, "i").test(s));
  const loc = res.location ?? "";
  if (res.status >= 300 && res.status < 400 && (/sign-?in|log-?in/i.test(loc) || marked(loc))) return true;
  const body = (res.body ?? "").slice(0, 4096);
  if (!ok(res.status) || body.trimStart().startsWith("{")) return marked(body);
  return false;
}

/** A short, non-secret preview of a token for evidence lines. */
export function preview(token: string): string {
  return token.length <= 8 ? "…" : `${token.slice(0, 4)}…(${token.length} chars)`;
}

// ---------------------------------------------------------------------------------------------
// 1. Cookie attributes and token exposure

export interface ParsedSetCookie {
  name: string;
  value: string;
  attrs: Map<string, string | true>;
}

export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = "", ...rest] = line.split(";");
  const eq = pair.indexOf("=");
  const attrs = new Map<string, string | true>();
  for (const a of rest) {
    const [k = "", ...v] = a.trim().split("=");
    if (k) attrs.set(k.toLowerCase(), v.length ? v.join("=") : true);
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

export interface CookieObservation {
  cookieName: string;
  token: string;
  /** Raw Set-Cookie lines that set the session cookie to a non-empty value. */
  setCookieLines: string[];
  /** What JavaScript on the signed-in page sees. */
  documentCookie: string;
  /** Every URL requested or navigated to during and after sign-in. */
  urls: string[];
  /** Bodies of JSON (and other text) responses seen during and after sign-in. */
  bodies: { url: string; body: string }[];
}

export function checkCookieAttributes(o: CookieObservation): CheckResult {
  const id = "cookie-attributes";
  const name = "cookie attributes";
  const line = o.setCookieLines.find((l) => parseSetCookie(l).value === o.token) ?? o.setCookieLines[0];
  if (!line) return r(id, name, "FAIL", `no Set-Cookie for ${o.cookieName} was observed`, "issue the session in a Set-Cookie header at sign-in");
  const c = parseSetCookie(line);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (!c.attrs.has("httponly")) { problems.push("no HttpOnly"); fixes.push("add HttpOnly"); }
  if (!c.attrs.has("secure")) { problems.push("no Secure"); fixes.push("add Secure"); }
  const ss = String(c.attrs.get("samesite") ?? "").toLowerCase();
  if (ss !== "lax" && ss !== "strict") { problems.push(`SameSite=${ss || "(absent)"}`); fixes.push("set SameSite=Lax or Strict explicitly"); }
  if (!c.name.startsWith("__Host-")) { problems.push("no __Host- prefix"); fixes.push("name it __Host-…"); }
  if (c.attrs.get("path") !== "/") { problems.push(`Path=${String(c.attrs.get("path") ?? "(absent)")}`); fixes.push("Path=/"); }
  if (c.attrs.has("domain")) { problems.push(`Domain=${String(c.attrs.get("domain"))}`); fixes.push("drop Domain"); }
  if (o.token && o.documentCookie.includes(o.token)) { problems.push("token readable in document.cookie"); fixes.push("HttpOnly"); }
  const inUrl = o.urls.find((u) => o.token && decodeSafe(u).includes(o.token));
  if (inUrl) { problems.push(`token in URL ${redact(inUrl, o.token)}`); fixes.push("never put the session token in a URL"); }
  const inBody = o.bodies.find((b) => o.token && b.body.includes(o.token));
  if (inBody) { problems.push(`token in response body of ${inBody.url}`); fixes.push("never return the session token in a response body"); }
  const attrs = [...c.attrs.entries()].filter(([k]) => k !== "expires").map(([k, v]) => (v === true ? k : `${k}=${v}`)).join("; ");
  const evidence = `Set-Cookie: ${c.name}=${preview(c.value)}; ${attrs}; document.cookie ${o.documentCookie.includes(o.token) ? "HAS" : "lacks"} token; ${o.urls.length} URLs and ${o.bodies.length} bodies scanned`;
  return problems.length ? r(id, name, "FAIL", `${problems.join(", ")} — ${evidence}`, [...new Set(fixes)].join("; ")) : r(id, name, "PASS", evidence);
}

function decodeSafe(u: string): string {
  try { return decodeURIComponent(u); } catch { return u; }
}
function redact(s: string, token: string): string {
  return decodeSafe(s).split(token).join("<token>");
}

// ---------------------------------------------------------------------------------------------
// 2. Token strength

export interface TokenObservation {
  sessionTokens: string[];
  /** Where the session tokens came from: "sign-in" (real sign-ins) or "test-hook". */
  source: "sign-in" | "test-hook";
  /** Other random tokens the target issues (e.g. CSRF tokens), analysed for information. */
  others: { label: string; samples: string[] }[];
  /** Opaque/encrypted cookies (JWE etc.): only distinctness is reported. */
  opaque: { label: string; samples: string[] }[];
  minSamples: number;
}

export function checkTokenStrength(o: TokenObservation): CheckResult {
  const id = "token-strength";
  const name = "token strength";
  if (o.sessionTokens.length === 0) return r(id, name, "WARN", "no session tokens collected", "make sign-in work for the simulator (see earlier errors)");
  const a = analyseTokens(o.sessionTokens);
  const parts = [describeAnalysis(`session (${o.source})`, a)];
  const problems: string[] = [];
  if (a.effectiveBits < 128) problems.push(`session token ~${Math.floor(a.effectiveBits)} bits < 128`);
  if (a.duplicates) problems.push(`${a.duplicates} duplicate session tokens`);
  if (a.biased) problems.push("session token characters are visibly biased");
  for (const other of o.others.filter((x) => x.samples.length)) {
    const b = analyseTokens(other.samples);
    parts.push(describeAnalysis(other.label, b));
    if (b.effectiveBits < 128 || b.duplicates || b.biased) problems.push(`${other.label} weak (~${Math.floor(b.effectiveBits)} bits, dup ${b.duplicates}${b.biased ? ", biased" : ""})`);
  }
  for (const op of o.opaque.filter((x) => x.samples.length)) {
    const distinct = new Set(op.samples).size;
    parts.push(`${op.label}: ${op.samples.length} seen, ${distinct} distinct, len ${Math.min(...op.samples.map((s) => s.length))} (opaque/encrypted: no entropy estimate)`);
    if (distinct < op.samples.length) problems.push(`${op.label} repeated across sign-ins`);
  }
  const evidence = parts.join(" | ");
  if (problems.length) return r(id, name, "FAIL", `${problems.join("; ")} — ${evidence}`, "use >= 128 bits from a CSPRNG (e.g. 32 random bytes, base64url) per token; no counters, timestamps or shared prefixes");
  if (o.sessionTokens.length < o.minSamples) {
    return r(id, name, "WARN", `sampled ${o.sessionTokens.length} session tokens (< ${o.minSamples}); shape OK — ${evidence}`, `expose GET ${"/api/test-hooks/tokens?n=50"} in test mode, or run with --token-samples ${o.minSamples} (one TOTP step each)`);
  }
  return r(id, name, "PASS", evidence);
}

// ---------------------------------------------------------------------------------------------
// 3. Fixation

export interface FixationObservation {
  planted: string;
  issued: string | undefined;
  plantedMeStatus: number;
  issuedMeStatus: number;
}

export function checkFixation(o: FixationObservation): CheckResult {
  const id = "fixation";
  const name = "session fixation";
  const ev = `planted ${preview(o.planted)} → after sign-in cookie ${o.issued ? (o.issued === o.planted ? "UNCHANGED" : "replaced") : "absent"}; /me with planted → ${o.plantedMeStatus}, with issued → ${o.issuedMeStatus}`;
  if (!o.issued) return r(id, name, "WARN", ev, "sign-in did not produce a session cookie; cannot judge");
  if (o.issued === o.planted || ok(o.plantedMeStatus)) return r(id, name, "FAIL", ev, "always issue a brand-new token at sign-in and never honour a token the server did not issue");
  if (!ok(o.issuedMeStatus)) return r(id, name, "WARN", ev, "the issued session did not work on the me endpoint; check the adapter");
  return r(id, name, "PASS", ev);
}

// ---------------------------------------------------------------------------------------------
// 4. Replay after sign-out / revocation / expiry

export interface ReplayObservation {
  what: "sign-out" | "revocation";
  before: number;
  after: number;
  note?: string;
}

export function checkReplayAfter(o: ReplayObservation): CheckResult {
  const id = o.what === "sign-out" ? "replay-after-sign-out" : "replay-after-revocation";
  const name = o.what === "sign-out" ? "replay after sign-out" : "replay after revocation";
  const ev = `old cookie: before ${o.what} → ${o.before}, after → ${o.after}${o.note ? `; ${o.note}` : ""}`;
  if (!ok(o.before)) return r(id, name, "WARN", ev, "the session did not work before the test; inconclusive");
  if (ok(o.after)) return r(id, name, "FAIL", ev, o.what === "sign-out" ? "end the session server-side on sign-out (not just clear the cookie)" : "check the session of record on every request; revoked rows must fail immediately");
  if (!isRefused(o.after) && !(o.after >= 300 && o.after < 400)) return r(id, name, "WARN", ev, "expected 401/403 after the session ended");
  return r(id, name, "PASS", ev);
}

export interface ExpiryObservation {
  hookPath: string | undefined;
  hookStatus: number | undefined;
  results: { kind: "idle" | "absolute"; hookStatus: number; after: number }[];
}

export function checkExpiry(o: ExpiryObservation): CheckResult {
  const id = "replay-after-expiry";
  const name = "replay after idle/absolute expiry";
  if (!o.hookPath || o.hookStatus === undefined || !ok(o.hookStatus) || o.results.length === 0) {
    return r(id, name, "WARN", `cannot shorten timeouts on this target (test hook ${o.hookPath ?? "(none in adapter)"} → ${o.hookStatus ?? "not tried"}); not waiting 30 min`, "in test mode, expose the expiry hook (docs/simulator.md) or verify timeouts in integration tests");
  }
  const ev = o.results.map((x) => `${x.kind}: hook ${x.hookStatus}, then /me → ${x.after}`).join("; ");
  if (o.results.some((x) => ok(x.after))) return r(id, name, "FAIL", ev, "enforce idle and absolute timeouts on the server for every request");
  return r(id, name, "PASS", ev);
}

// ---------------------------------------------------------------------------------------------
// 5. Replay from another address and browser

export interface ProbeResponse {
  label: string;
  status: number;
  location?: string;
  body?: string;
  error?: string;
}

export interface ForeignReplayObservation {
  baseline: number;
  secondIp: string;
  foreign: ProbeResponse[];
  markers: string[];
  sensitiveNamed: boolean;
}

const riskNote = "depends on the risk engine (soft binding), which showed no reaction";

export function checkForeignReplay(o: ForeignReplayObservation, opts: RunOptions): CheckResult {
  const id = "foreign-replay";
  const name = "replay from another IP + UA";
  const bindError = o.foreign.find((f) => f.error);
  const ev = `baseline (same IP+UA) → ${o.baseline}; from ${o.secondIp} with another UA: ${o.foreign.map((f) => `${f.label} → ${f.error ? `error ${f.error}` : f.status}${f.location ? ` (Location ${f.location})` : ""}`).join(", ")}${o.sensitiveNamed ? "" : "; adapter names no sensitive endpoint, probed the me endpoint only"}`;
  if (bindError) return r(id, name, "WARN", ev, `cannot send from ${o.secondIp}; pass --second-ip with a bindable loopback address`);
  if (!ok(o.baseline)) return r(id, name, "WARN", ev, "the session did not work from its own address; inconclusive");
  const reacted = o.foreign.filter((f) => isChallenge(f, o.markers));
  if (reacted.length === o.foreign.length) return r(id, name, "PASS", ev);
  const status: Status = opts.strict ? "FAIL" : "WARN";
  return r(id, name, status, `${ev} — ${riskNote}${opts.strict ? "" : " (WARN; FAIL with --strict)"}`, "challenge/step up or refuse a session replayed from a new network and browser before sensitive actions");
}

// ---------------------------------------------------------------------------------------------
// 6. X-Forwarded-For spoofing

export interface XffObservation {
  spoofedIp: string;
  /** The spoofed address appeared on a page that shows the client address (server believed XFF). */
  echoedOn: string[];
  pagesChecked: number;
  victimIp: string;
  secondIp: string;
  withXff?: ProbeResponse;
  withoutXff?: ProbeResponse;
}

export function checkXffSpoofing(o: XffObservation): CheckResult {
  const id = "xff-spoofing";
  const name = "X-Forwarded-For spoofing";
  const parts = [`signed in with X-Forwarded-For: ${o.spoofedIp} → shown on ${o.echoedOn.length ? o.echoedOn.join(", ") : `none of ${o.pagesChecked} pages`}`];
  if (o.withXff && o.withoutXff) parts.push(`from ${o.secondIp}: with XFF ${o.victimIp} → ${o.withXff.error ?? o.withXff.status}, without → ${o.withoutXff.error ?? o.withoutXff.status}`);
  const ev = parts.join("; ");
  const fix = "derive the client IP from the socket; believe X-Forwarded-For only from trusted proxies";
  if (o.echoedOn.length) return r(id, name, "FAIL", ev, fix);
  if (o.withXff && o.withoutXff && !o.withXff.error && ok(o.withXff.status) && !ok(o.withoutXff.status)) return r(id, name, "FAIL", `${ev} — XFF turned a refusal into success`, fix);
  if (o.pagesChecked === 0 && !(o.withXff && o.withoutXff)) return r(id, name, "WARN", ev, "nothing to compare: name ipDisplayPages in the adapter");
  return r(id, name, "PASS", ev);
}

// ---------------------------------------------------------------------------------------------
// 7. CSRF

export interface CsrfProbeObservation {
  name: string;
  status: number;
  /** The state change the probe looks for happened (session ended, cookie set, …). */
  stateChanged: boolean;
  detail: string;
}

export function checkCsrf(probes: CsrfProbeObservation[]): CheckResult {
  const id = "csrf";
  const name = "cross-origin state change (CSRF)";
  if (probes.length === 0) return r(id, name, "WARN", "no state-changing request could be built (no sign-out form found, no csrfProbes in adapter)", "name the sign-out page/button and csrfProbes in the adapter");
  const ev = probes.map((p) => `${p.name}: Origin https://evil.example, no token → ${p.status}, ${p.detail}`).join("; ");
  if (probes.some((p) => p.stateChanged)) return r(id, name, "FAIL", ev, "check Origin (or a CSRF token) on every state-changing request; refuse cross-site POSTs");
  return r(id, name, "PASS", ev);
}

// ---------------------------------------------------------------------------------------------
// 8. TOTP replay and throttling

export interface TotpReplayObservation {
  signedIn: boolean;
  message: string;
}

export function checkTotpReplay(o: TotpReplayObservation): CheckResult {
  const id = "totp-replay";
  const name = "TOTP code reuse";
  const ev = `same code submitted again → ${o.signedIn ? "SIGNED IN" : `refused: "${o.message}"`}`;
  return o.signedIn ? r(id, name, "FAIL", ev, "accept each TOTP time-step once per user (store the last accepted step atomically)") : r(id, name, "PASS", ev);
}

export interface TotpThrottleObservation {
  messages: string[];
  throttledAt: number | null;
  signedIn: boolean;
  /** Failed code submissions just before the burst (the reused code), which targets may count. */
  priorFailures?: number;
}

export function checkTotpThrottle(o: TotpThrottleObservation): CheckResult {
  const id = "totp-throttle";
  const name = "TOTP brute-force throttling";
  const last = o.messages[o.messages.length - 1] ?? "";
  const prior = o.priorFailures ? ` (+${o.priorFailures} reused code before)` : "";
  const ev = o.throttledAt !== null ? `throttled after ${o.throttledAt} wrong codes${prior}: "${last}"` : `${o.messages.length} wrong codes${prior}, no throttling; last message "${last}"`;
  if (o.signedIn) return r(id, name, "FAIL", `${ev}; a wrong code SIGNED IN`, "verify codes correctly");
  if (o.throttledAt === null) return r(id, name, "FAIL", ev, "limit wrong codes per account and per IP (e.g. 5 per 15 min) with growing blocks");
  return r(id, name, "PASS", ev);
}

// ---------------------------------------------------------------------------------------------
// 12. Silent email change with a fresh cookie (issue 13, path 1)

export interface EmailChangeObservation {
  skipped?: string;
  attackerEmail: string;
  before: string | null;
  after: string | null;
  postStatus: number;
}

/** FAIL when the replayed cookie alone changed the account's address; PASS when it stayed. */
export function checkEmailChange(o: EmailChangeObservation): CheckResult {
  const id = "email-change";
  const name = "email change with a replayed fresh cookie";
  if (o.skipped) return r(id, name, "WARN", `not tested: ${o.skipped}`, "name the email form in the adapter's emailChange section");
  const ev = `address before "${o.before ?? "?"}", change form posted with only the new address → ${o.postStatus}; address after "${o.after ?? "?"}"`;
  const fix = "require a second factor entered now, confirm by a link to the new address, and tell the old address at once (with a cancel link)";
  if (o.after !== null && o.after.toLowerCase() === o.attackerEmail.toLowerCase()) return r(id, name, "FAIL", `${ev}: TAKEN OVER`, fix);
  if (o.before === null || o.after === null) return r(id, name, "WARN", `${ev}: could not read the address`, "check the adapter's displayPattern");
  return r(id, name, "PASS", ev);
}

// ---------------------------------------------------------------------------------------------
// 11. Account lock-out by strangers (issue 13, path 3)

export interface LockoutObservation {
  /** Wrong passwords sent, and from how many source addresses; 0 when not tested. */
  attempts: number;
  sources: number;
  /** Why it was not tested (no adapter section, cannot bind source addresses). */
  skipped?: string;
  /** The owner's correct password afterwards, from a fresh address. */
  owner: { status: number; error: string | null; pending: boolean };
  throttledMessage: string;
  puzzleMessage?: string;
}

/**
 * PASS when the owner's correct password, after a spray from many addresses, still gets the
 * next step or is asked for a puzzle (a cost, not a refusal); FAIL when it is refused as
 * throttled (anyone could lock the owner out) or refused otherwise.
 */
export function checkAccountLockout(o: LockoutObservation): CheckResult {
  const id = "account-lockout";
  const name = "account lock-out by strangers";
  if (o.skipped) return r(id, name, "WARN", `not tested: ${o.skipped}`, "run against a loopback target with the adapter's lockout section");
  const ev = `${o.attempts} wrong passwords from ${o.sources} addresses; then the owner's correct password from another → ${o.owner.status}${o.owner.pending ? ", next step granted" : ""}${o.owner.error ? `, "${o.owner.error.slice(0, 160)}"` : ""}`;
  if (o.owner.pending) return r(id, name, "PASS", ev);
  const msg = o.owner.error ?? "";
  if (o.puzzleMessage && new RegExp(o.puzzleMessage, "i").test(msg)) return r(id, name, "PASS", `${ev} (a puzzle, not a refusal)`);
  const fix = "never refuse the right password on a per-account count: put a proof-of-work or CAPTCHA in front of that account's sign-in, and exempt browsers with a device cookie (OWASP)";
  if (new RegExp(o.throttledMessage, "i").test(msg)) return r(id, name, "FAIL", `${ev}: the owner is locked out`, fix);
  return r(id, name, "FAIL", `${ev}: the owner's correct password was refused`, fix);
}

// ---------------------------------------------------------------------------------------------
// 9. Security headers

export type HeaderBag = Record<string, string | string[] | undefined>;

function h(bag: HeaderBag, name: string): string | undefined {
  const v = bag[name.toLowerCase()];
  return Array.isArray(v) ? v.join(", ") : v;
}

export function cspDirective(csp: string, directive: string): string | undefined {
  for (const part of csp.split(";")) {
    const [d, ...vals] = part.trim().split(/\s+/);
    if (d?.toLowerCase() === directive) return vals.join(" ");
  }
  return undefined;
}

export function checkSecurityHeaders(pages: { path: string; status: number; headers: HeaderBag }[]): CheckResult {
  const id = "security-headers";
  const name = "security headers";
  const problems: string[] = [];
  const ev: string[] = [];
  for (const p of pages) {
    const csp = h(p.headers, "content-security-policy");
    const xfo = h(p.headers, "x-frame-options");
    const nosniff = h(p.headers, "x-content-type-options");
    const rp = h(p.headers, "referrer-policy");
    const mine: string[] = [];
    if (!csp) mine.push("no CSP");
    else {
      const script = cspDirective(csp, "script-src") ?? cspDirective(csp, "default-src") ?? "";
      const strong = /'nonce-|'sha(256|384|512)-|'strict-dynamic'/.test(script);
      if (!script) mine.push("CSP without script-src/default-src");
      else if (/'unsafe-inline'/.test(script) && !strong) mine.push("script-src allows 'unsafe-inline'");
      else if (!strong && /(^|\s)(\*|https?:|data:)(\s|$)/.test(script)) mine.push("script-src allows any host");
    }
    const fa = csp ? cspDirective(csp, "frame-ancestors") : undefined;
    if (!fa && !/^(deny|sameorigin)$/i.test(xfo ?? "")) mine.push("no frame-ancestors / X-Frame-Options");
    if ((nosniff ?? "").toLowerCase() !== "nosniff") mine.push("no X-Content-Type-Options: nosniff");
    if (!rp) mine.push("no Referrer-Policy");
    else if (/unsafe-url/i.test(rp)) mine.push("Referrer-Policy unsafe-url");
    const script = csp ? cspDirective(csp, "script-src") : undefined;
    ev.push(`${p.path} (${p.status}): script-src ${script ? script.replace(/'nonce-[^']+'/, "'nonce-…'") : "—"}; frame-ancestors ${fa ?? "—"}; XFO ${xfo ?? "—"}; X-Content-Type-Options ${nosniff ?? "—"}; Referrer-Policy ${rp ?? "—"}`);
    problems.push(...mine.map((m) => `${p.path}: ${m}`));
  }
  if (pages.length === 0) return r(id, name, "WARN", "no pages fetched", "name headerPages in the adapter");
  return problems.length
    ? r(id, name, "FAIL", `${problems.join("; ")} — ${ev.join(" | ")}`, "send a nonce-based CSP (no 'unsafe-inline' scripts), frame-ancestors 'none', X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer or strict-origin-when-cross-origin")
    : r(id, name, "PASS", ev.join(" | "));
}

export function checkHsts(o: { https: boolean; value: string | undefined }): CheckResult {
  const id = "hsts";
  const name = "HSTS";
  if (!o.https) return r(id, name, "WARN", "not checked: target is http:// (browsers ignore HSTS over http)", "re-run against the https deployment to check Strict-Transport-Security");
  const m = /max-age=(\d+)/i.exec(o.value ?? "");
  const age = m ? Number(m[1]) : 0;
  if (age < 15_552_000) return r(id, name, "FAIL", `Strict-Transport-Security: ${o.value ?? "(absent)"}`, "send Strict-Transport-Security: max-age=31536000; includeSubDomains on https");
  return r(id, name, "PASS", `Strict-Transport-Security: ${o.value}`);
}

// ---------------------------------------------------------------------------------------------
// 10. Rapid-fire

export interface RapidFireObservation {
  requests: number;
  durationMs: number;
  statuses: number[];
  challenged: number;
  afterStatus: number;
}

export function summariseStatuses(statuses: number[]): string {
  const m = new Map<number, number>();
  for (const s of statuses) m.set(s, (m.get(s) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${n}×${s}`).join(" ");
}

export function checkRapidFire(o: RapidFireObservation, opts: RunOptions): CheckResult {
  const id = "rapid-fire";
  const name = "rapid-fire requests";
  const ev = `${o.requests} requests in ${(o.durationMs / 1000).toFixed(1)} s → ${summariseStatuses(o.statuses)}; challenges ${o.challenged}; afterwards /me → ${o.afterStatus}`;
  const noticed = o.challenged > 0 || o.statuses.some(isRefused) || isRefused(o.afterStatus);
  if (noticed) return r(id, name, "PASS", ev);
  const status: Status = opts.strict ? "FAIL" : "WARN";
  return r(id, name, status, `${ev} — ${riskNote}${opts.strict ? "" : " (WARN; FAIL with --strict)"}`, "rate-limit per session and flag bot-like bursts (429 or step-up)");
}
