// Raw-HTTP probes: they observe the target and return plain data for the pure checks.
import { randomBytes } from "node:crypto";
import type { Adapter, EndpointSpec } from "./adapter";
import { rawRequest, sleep, type RawResponse } from "./http";
import { isChallenge, parseSetCookie, type CsrfProbeObservation, type ProbeResponse, type RapidFireObservation } from "./checks";

export const EVIL_ORIGIN = "https://evil.example";

export interface Target {
  base: string;
  adapter: Adapter;
}

export interface ClientOpts {
  localAddress?: string;
  userAgent?: string;
  headers?: Record<string, string>;
}

/**
 * How the victim's own browser looks on a same-origin request (its User-Agent plus the fetch
 * metadata every current browser sends). Probes that test something other than soft binding use
 * it, so a risk engine does not (rightly) take the simulator's raw requests for a hijack.
 */
export function asVictim(userAgent: string, kind: "api" | "document" = "api"): ClientOpts {
  return {
    userAgent,
    headers: kind === "document"
      ? { "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" }
      : { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
  };
}

function sessionHeaders(t: Target, token: string | undefined, o: ClientOpts = {}): Record<string, string> {
  const hdr: Record<string, string> = { accept: "application/json, text/html;q=0.9", ...o.headers };
  if (o.userAgent) hdr["user-agent"] = o.userAgent;
  if (token !== undefined) hdr.cookie = `${t.adapter.session.cookie}=${token}`;
  return hdr;
}

function toProbe(label: string, res: RawResponse): ProbeResponse {
  const loc = res.headers.location;
  return { label, status: res.status, location: Array.isArray(loc) ? loc[0] : loc, body: res.body.slice(0, 4096), error: res.error };
}

export async function probeMe(t: Target, token: string, o: ClientOpts = {}, label = "GET me"): Promise<ProbeResponse> {
  return toProbe(label, await rawRequest(t.base, { path: t.adapter.me.path, headers: sessionHeaders(t, token, o), localAddress: o.localAddress }));
}

export function fill(spec: EndpointSpec, vars: Record<string, string>): string | undefined {
  return spec.body?.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(vars[k] ?? ""));
}

export async function probeEndpoint(t: Target, spec: EndpointSpec, token: string, o: ClientOpts, vars: Record<string, string>, label: string): Promise<ProbeResponse> {
  const headers = sessionHeaders(t, token, o);
  if (spec.contentType) headers["content-type"] = spec.contentType;
  return toProbe(label, await rawRequest(t.base, { path: spec.path, method: spec.method, headers, body: fill(spec, vars), localAddress: o.localAddress }));
}

/** The first Set-Cookie line that sets `name` to a non-empty value. */
export function setsCookie(res: { setCookies: string[] }, name: string): string | undefined {
  return res.setCookies.find((l) => {
    const c = parseSetCookie(l);
    return c.name === name && c.value !== "" && !/max-age=0\b/i.test(l);
  });
}

// --- security headers -------------------------------------------------------------------------

export async function fetchHeaderPages(t: Target, token: string | undefined, o: ClientOpts = {}) {
  const out = [];
  for (const p of t.adapter.headerPages) {
    const res = await rawRequest(t.base, { path: p.path, headers: sessionHeaders(t, p.protected ? token : undefined, { ...o, headers: { ...o.headers, accept: "text/html" } }) });
    out.push({ path: p.path, status: res.status, headers: res.headers });
  }
  return out;
}

// --- forms ------------------------------------------------------------------------------------

export interface HtmlForm {
  action: string;
  method: string;
  enctype: string;
  fields: [string, string][];
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "") : undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

/** The <form> in `html` whose submit button reads `button` (text match, tags stripped). */
export function findFormByButton(html: string, button: string): HtmlForm | undefined {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const inner = m[2] ?? "";
    const buttons = [...inner.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/gi)].map((b) => (b[1] ?? "").replace(/<[^>]+>/g, "").trim());
    if (!buttons.includes(button)) continue;
    const tag = `<form${m[1] ?? ""}>`;
    const fields: [string, string][] = [];
    for (const i of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(i[0], "name");
      if (name) fields.push([name, attr(i[0], "value") ?? ""]);
    }
    return { action: attr(tag, "action") ?? "", method: (attr(tag, "method") ?? "GET").toUpperCase(), enctype: attr(tag, "enctype") ?? "application/x-www-form-urlencoded", fields };
  }
  return undefined;
}

export function encodeForm(form: HtmlForm): { body: Buffer; contentType: string } {
  if (/multipart/i.test(form.enctype)) {
    const boundary = `----sgsim${randomBytes(8).toString("hex")}`;
    const parts = form.fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  return { body: Buffer.from(new URLSearchParams(form.fields).toString()), contentType: "application/x-www-form-urlencoded" };
}

/** Loads `page` with the session and submits the form of `button` raw, as any origin. */
export async function submitFormByButton(t: Target, page: string, button: string, token: string, origin: string | null, o: ClientOpts = {}): Promise<{ res: RawResponse; form: HtmlForm } | { error: string }> {
  const html = await rawRequest(t.base, { path: page, headers: sessionHeaders(t, token, { ...o, headers: { ...o.headers, accept: "text/html" } }) });
  if (html.status !== 200) return { error: `${page} → ${html.status}` };
  const form = findFormByButton(html.body, button);
  if (!form) return { error: `no form with a "${button}" button on ${page}` };
  const { body, contentType } = encodeForm(form);
  // The forged post itself carries no fetch metadata (a raw client), only the victim's User-Agent.
  const headers = sessionHeaders(t, token, { userAgent: o.userAgent, headers: { "content-type": contentType, accept: "text/html" } });
  if (origin) headers.origin = origin;
  const action = new URL(form.action || page, new URL(page, t.base)).pathname + new URL(form.action || page, new URL(page, t.base)).search;
  const res = await rawRequest(t.base, { path: action, method: form.method === "GET" ? "GET" : "POST", headers, body });
  return { res, form };
}

// --- 7. CSRF ----------------------------------------------------------------------------------

export async function probeCsrf(t: Target, token: string, creds: { email: string; password: string }, victim: { userAgent?: string } = {}): Promise<CsrfProbeObservation[]> {
  const out: CsrfProbeObservation[] = [];
  const me = victim.userAgent ? asVictim(victim.userAgent) : {};
  const page = victim.userAgent ? asVictim(victim.userAgent, "document") : {};
  const before = await probeMe(t, token, me);
  const signOut = await submitFormByButton(t, t.adapter.signOut.page, t.adapter.signOut.button, token, EVIL_ORIGIN, page);
  if ("res" in signOut) {
    await sleep(200);
    const after = await probeMe(t, token, me);
    out.push({
      name: `sign-out form (${signOut.form.method} ${signOut.form.action || t.adapter.signOut.page})`,
      status: signOut.res.status,
      stateChanged: before.status === 200 && after.status !== 200,
      detail: `session afterwards → ${after.status} (before ${before.status})`,
    });
  }
  for (const p of t.adapter.csrfProbes) {
    const headers: Record<string, string> = { origin: EVIL_ORIGIN, accept: "application/json" };
    if (p.contentType) headers["content-type"] = p.contentType;
    const res = await rawRequest(t.base, { path: p.path, method: p.method, headers, body: fill(p, creds) });
    const set = p.setsCookie ? setsCookie(res, p.setsCookie) : undefined;
    out.push({ name: p.name, status: res.status, stateChanged: Boolean(set), detail: p.setsCookie ? `${p.setsCookie} ${set ? "SET" : "not set"}` : "no state marker" });
  }
  return out;
}

// --- 2. token samples -------------------------------------------------------------------------

export async function sampleCsrfTokens(t: Target, n: number): Promise<string[]> {
  if (!t.adapter.csrfTokenEndpoint) return [];
  const out: string[] = [];
  for (let i = 0; i < Math.min(n, 200); i++) {
    const res = await rawRequest(t.base, { path: t.adapter.csrfTokenEndpoint, headers: { accept: "application/json" } });
    if (res.status !== 200) break;
    try {
      const v = (JSON.parse(res.body) as { csrfToken?: unknown }).csrfToken;
      if (typeof v === "string") out.push(v);
    } catch {
      break;
    }
  }
  return out;
}

/** Tokens from the target's test hook (test mode only), or undefined when it has none. */
export async function tokensFromHook(t: Target, n: number): Promise<{ status: number; tokens?: string[] }> {
  const hook = t.adapter.testHooks.tokens;
  if (!hook) return { status: 0 };
  const res = await rawRequest(t.base, { path: `${hook}?n=${n}`, headers: { accept: "application/json" } });
  if (res.status !== 200) return { status: res.status };
  try {
    const j = JSON.parse(res.body) as unknown;
    const list = Array.isArray(j) ? j : (j as { tokens?: unknown }).tokens;
    if (Array.isArray(list) && list.every((x) => typeof x === "string")) return { status: 200, tokens: list.slice(0, Math.max(n, 1000)) as string[] };
  } catch {
    /* not JSON */
  }
  return { status: res.status };
}

// --- 4. expiry via test hook ------------------------------------------------------------------

/** `o`: the victim browser's identity, so the hook's own session check is not a soft-binding test. */
export async function probeExpiry(t: Target, tokens: { idle?: string; absolute?: string }, o: ClientOpts = {}) {
  const hook = t.adapter.testHooks.expire;
  const results: { kind: "idle" | "absolute"; hookStatus: number; after: number }[] = [];
  let hookStatus: number | undefined;
  if (!hook) return { hookPath: undefined, hookStatus, results };
  for (const kind of ["idle", "absolute"] as const) {
    const token = tokens[kind];
    if (!token) continue;
    const res = await rawRequest(t.base, { path: hook, method: "POST", headers: { ...sessionHeaders(t, token, o), "content-type": "application/json" }, body: JSON.stringify({ kind }) });
    hookStatus = res.status;
    if (res.status < 200 || res.status >= 300) break;
    results.push({ kind, hookStatus: res.status, after: (await probeMe(t, token, o)).status });
  }
  return { hookPath: hook, hookStatus, results };
}

// --- 10. rapid-fire ---------------------------------------------------------------------------

/** `n` GETs of the me endpoint spread over ~`durationMs`, at most 10 in flight. Bounded. */
export async function rapidFire(t: Target, token: string, o: ClientOpts, n = 60, durationMs = 2000): Promise<RapidFireObservation> {
  const count = Math.min(n, 500);
  const gap = durationMs / count;
  const started = Date.now();
  const statuses: number[] = [];
  let challenged = 0;
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    const wait = started + i * gap - Date.now();
    if (wait > 0) await sleep(wait);
    while (inflight.size >= 10) await Promise.race(inflight);
    const p: Promise<void> = probeMe(t, token, o).then((res) => {
      statuses.push(res.status);
      if (isChallenge(res, t.adapter.challengeMarkers)) challenged++;
    }).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const durationMsReal = Date.now() - started;
  await sleep(300);
  const after = await probeMe(t, token, o);
  return { requests: count, durationMs: durationMsReal, statuses, challenged, afterStatus: after.status };
}

// --- 6. pages that display the client address -------------------------------------------------

export async function pagesShowing(t: Target, token: string, needle: string, o: ClientOpts = {}): Promise<{ echoedOn: string[]; pagesChecked: number }> {
  const echoedOn: string[] = [];
  let pagesChecked = 0;
  for (const p of t.adapter.ipDisplayPages) {
    const res = await rawRequest(t.base, { path: p, headers: sessionHeaders(t, token, { ...o, headers: { ...o.headers, accept: "text/html" } }) });
    if (res.status !== 200) continue;
    pagesChecked++;
    if (res.body.includes(needle)) echoedOn.push(p);
  }
  return { echoedOn, pagesChecked };
}

// --- 11. account lock-out by strangers ----------------------------------------------------------

/** One raw password step through the adapter's lockout callback (with a fresh CSRF token), from `localAddress`. */
async function lockoutAttempt(t: Target, email: string, password: string, localAddress: string): Promise<{ status: number; error: string | null; pending: boolean; failed?: string }> {
  const l = t.adapter.lockout;
  if (!l || !t.adapter.csrfTokenEndpoint) return { status: 0, error: null, pending: false, failed: "no lockout section" };
  const csrf = await rawRequest(t.base, { path: t.adapter.csrfTokenEndpoint, localAddress });
  if (csrf.error) return { status: 0, error: null, pending: false, failed: csrf.error };
  let token = "";
  try { token = String((JSON.parse(csrf.body) as { csrfToken?: unknown }).csrfToken ?? ""); } catch { /* no token */ }
  const cookie = csrf.setCookies.map((c) => c.split(";")[0]).join("; ");
  const body = (l.callback.body ?? "").replace("{csrfToken}", encodeURIComponent(token)).replace("{email}", encodeURIComponent(email)).replace("{password}", encodeURIComponent(password));
  const origin = new URL(t.base).origin;
  const res = await rawRequest(t.base, { path: l.callback.path, method: l.callback.method, localAddress, body, headers: { cookie, origin, accept: "application/json", ...(l.callback.contentType ? { "content-type": l.callback.contentType } : {}) } });
  if (res.error) return { status: 0, error: null, pending: false, failed: res.error };
  let error: string | null = null;
  try {
    const url = String((JSON.parse(res.body) as { url?: unknown }).url ?? "");
    error = url ? new URL(url, t.base).searchParams.get(l.errorParam) : null;
  } catch { error = res.status >= 400 ? res.body.slice(0, 200) : null; }
  return { status: res.status, error, pending: Boolean(setsCookie(res, l.setsCookie)) };
}

/**
 * `attempts` wrong passwords for the account spread over `sources` loopback addresses
 * (127.0.0.10, .11, …), then the right password from 127.0.0.40. Loopback targets only.
 */
export async function sprayAccount(t: Target, creds: { email: string; password: string }, loopback: boolean): Promise<{ attempts: number; sources: number; skipped?: string; owner: { status: number; error: string | null; pending: boolean } }> {
  const l = t.adapter.lockout;
  const none = { status: 0, error: null, pending: false };
  if (!l) return { attempts: 0, sources: 0, skipped: "the adapter has no lockout section", owner: none };
  if (!loopback) return { attempts: 0, sources: 0, skipped: `needs ${l.sources} source addresses (loopback targets only)`, owner: none };
  for (let i = 0; i < l.attempts; i++) {
    const a = await lockoutAttempt(t, creds.email, `sim-wrong-${randomBytes(6).toString("hex")}`, `127.0.0.${10 + (i % l.sources)}`);
    if (a.failed) return { attempts: i, sources: l.sources, skipped: `attempt ${i + 1}: ${a.failed}`, owner: none };
  }
  const owner = await lockoutAttempt(t, creds.email, creds.password, "127.0.0.40");
  if (owner.failed) return { attempts: l.attempts, sources: l.sources, skipped: owner.failed, owner: none };
  return { attempts: l.attempts, sources: l.sources, owner };
}

// --- 12. silent email change ---------------------------------------------------------------------

/** Posts the email form raw with the victim's (fresh) cookie and only the new address filled in. */
export async function probeEmailChange(t: Target, token: string, o: ClientOpts): Promise<{ skipped?: string; attackerEmail: string; before: string | null; after: string | null; postStatus: number }> {
  const e = t.adapter.emailChange;
  const attackerEmail = `sim-attacker-${randomBytes(4).toString("hex")}@example.invalid`;
  if (!e) return { skipped: "the adapter has no emailChange section", attackerEmail, before: null, after: null, postStatus: 0 };
  const read = async () => {
    const html = await rawRequest(t.base, { path: e.page, headers: sessionHeaders(t, token, { ...o, headers: { ...o.headers, accept: "text/html" } }), localAddress: o.localAddress });
    const m = new RegExp(e.displayPattern, "i").exec(html.body);
    return { html, email: m ? decodeEntities(m[1] ?? "").trim() : null };
  };
  const before = await read();
  if (before.html.status !== 200) return { skipped: `${e.page} → ${before.html.status}`, attackerEmail, before: null, after: null, postStatus: 0 };
  const form = findFormByButton(before.html.body, e.button);
  if (!form) return { skipped: `no form with a "${e.button}" button on ${e.page}`, attackerEmail, before: before.email, after: null, postStatus: 0 };
  form.fields = [...form.fields.filter(([k]) => k !== e.field), [e.field, attackerEmail]];
  const { body, contentType } = encodeForm(form);
  const headers = sessionHeaders(t, token, { userAgent: o.userAgent, headers: { ...o.headers, "content-type": contentType, accept: "text/html" } });
  headers.origin = new URL(t.base).origin;
  const target = new URL(form.action || e.page, new URL(e.page, t.base));
  const res = await rawRequest(t.base, { path: target.pathname + target.search, method: "POST", headers, body, localAddress: o.localAddress });
  await sleep(200);
  const after = await read();
  return { attackerEmail, before: before.email, after: after.email, postStatus: res.status };
}
