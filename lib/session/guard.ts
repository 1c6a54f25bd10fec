import "server-only";
// THE request-level session check. Every protected page, route handler and server action calls
// one of these guards first; nothing else reads the session cookie. (Layouts never check: they
// do not re-render on navigation. The proxy only does cheap, optimistic work.)
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { SESSION_COOKIE, clearedSessionCookieHeader } from "./cookie";
import { requestMeta } from "./request-meta";
import { SessionStoreUnavailableError, validateSessionToken, type ValidationResult, type ValidSession } from "./validate";
import { SESSION_END_REASONS } from "./reasons";
import type { RequestMeta } from "./store";
import { ipPrefix } from "./ip";
import { userAgentHash } from "./user-agent";
import { assessOrdinary, assessSensitive, type RiskRequest, type SessionBinding } from "@/lib/risk/engine";
import type { Decision } from "@/lib/risk/policy";
import { riskDeps } from "@/lib/risk/runtime";
import { applyDecision } from "@/lib/risk/enforce";
import { latestRiskExplanation } from "@/lib/risk/latest";
import { logger } from "@/lib/log";
import { config } from "@/lib/config";
import { hasPasskey } from "@/lib/auth/passkeys";

export interface SessionContext {
  session: ValidSession;
  meta: RequestMeta;
}

type Requirement = "step_up" | "challenge" | "suspended" | null;
type Checked = { result: ValidationResult; meta: RequestMeta; hadCookie: boolean; decision: Decision | null; requirement: Requirement };

export function bindingOf(s: ValidSession): SessionBinding {
  return { id: s.id, ip: s.ip, ipPrefix: s.ipPrefix, uaHash: s.uaHash, browser: s.browser, os: s.os, prevIp: s.prevIp, prevSeenAt: s.prevSeenAt, startedInBrowser: s.startedInBrowser };
}

function riskRequest(meta: RequestMeta): RiskRequest {
  return {
    ip: meta.ip, ipPrefix: ipPrefix(meta.ip) ?? meta.ip, userAgent: meta.userAgent, hints: meta.hints, path: meta.path ?? "",
    method: meta.method ?? "GET", fetch: meta.fetch ?? { site: null, mode: null, dest: null, origin: null }, isPageView: meta.isPageView ?? false,
  };
}

/**
 * One validation + risk assessment per request, however many components ask (React `cache`).
 * The assessment uses the row already read and one counter-store call (memory, or one round trip
 * to PostgreSQL/Redis when instances share counters); it writes events only when it escalates
 * (lib/risk/enforce.ts).
 */
const check = cache(async (): Promise<Checked> => {
  const meta = await requestMeta();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const result = await validateSessionToken(token, meta);
  if (!result.ok) {
    if (result.reason !== "missing") logger.info("session rejected", { reason: result.reason, sessionId: result.sessionId, ip: meta.ip });
    return { result, meta, hadCookie: token !== undefined, decision: null, requirement: null };
  }
  let decision: Decision;
  try {
    decision = await assessOrdinary(bindingOf(result.session), riskRequest(meta), riskDeps(), Date.now());
  } catch (err) {
    // A shared counter store (PostgreSQL / Redis) that cannot answer: fail closed like the session store.
    throw new SessionStoreUnavailableError(err);
  }
  try {
    if (!result.session.requiredAction || decision.action === "suspend") await applyDecision(result.session, decision, meta);
  } catch (err) {
    throw new SessionStoreUnavailableError(err);
  }
  const requirement: Requirement =
    decision.action === "suspend" ? "suspended"
    : result.session.requiredAction === "step_up" || result.session.requiredAction === "challenge" ? result.session.requiredAction
    : decision.action === "step_up" || decision.action === "challenge" ? decision.action
    : null;
  return { result, meta, hadCookie: true, decision, requirement };
});

/** Pages and actions: a store failure becomes the 503 page, never "signed out" or "signed in". */
async function checkOrUnavailable(): Promise<Checked> {
  try {
    return await check();
  } catch (err) {
    if (err instanceof SessionStoreUnavailableError) redirect("/unavailable");
    throw err;
  }
}

/**
 * Pages and actions that work both signed in and out (and sign-out itself, which must always
 * work): the session, or null. A pending step-up or challenge does not hide it; a suspension does.
 */
export async function getCurrentSession(): Promise<SessionContext | null> {
  const { result, meta, requirement } = await checkOrUnavailable();
  return result.ok && requirement !== "suspended" ? { session: result.session, meta } : null;
}

function requirementPath(r: "step_up" | "challenge", meta: RequestMeta): string {
  const next = encodeURIComponent(safeNextPath(meta.method === "GET" ? meta.path : "/account"));
  return r === "step_up" ? `/step-up?next=${next}` : `/challenge?next=${next}`;
}

/**
 * Protected pages and server actions: returns the session or redirects — to sign-in with the
 * reason (via /auth/ended, which clears the stale cookie) or to /unavailable (503).
 */
export async function requireSession(opts: { allowRequirement?: boolean } = {}): Promise<SessionContext> {
  const checked = await checkOrUnavailable();
  const { result, meta, requirement } = checked;
  if (!result.ok) redirect(checked.hadCookie ? `/auth/ended?reason=${result.reason}` : "/sign-in");
  if (requirement === "suspended") redirect("/auth/ended?reason=suspended");
  // The risk engine asked for the person (step-up) or for proof of work (challenge) first.
  if (requirement && !opts.allowRequirement) redirect(requirementPath(requirement, meta));
  return { session: result.session, meta };
}

/** What the risk engine currently requires of this request's session, and why (step-up/challenge pages). */
export async function currentRequirement(): Promise<{ requirement: Requirement; explanation: string | null }> {
  const checked = await checkOrUnavailable();
  return { requirement: checked.requirement, explanation: await requirementExplanation(checked) };
}

/**
 * Why the session must prove itself: this request's decision when it asked, else the explanation
 * stored when an earlier request did (this request's own decision then says "Nothing unusual.").
 */
async function requirementExplanation({ result, requirement, decision }: Checked): Promise<string | null> {
  if (decision && (decision.action === "step_up" || decision.action === "challenge")) return decision.explanation;
  if (!result.ok || (requirement !== "step_up" && requirement !== "challenge")) return null;
  return latestRiskExplanation(result.session.id, requirement === "step_up" ? "risk.step_up" : "risk.challenge");
}

export type SensitiveCheck = { ok: true; ctx: SessionContext } | { ok: false; needsStepUp: true; message: string };

/**
 * Sensitive actions (change email, password, address, TOTP, revoke-all, admin actions): the
 * ordinary guard, then the stricter sensitive policy, which also asks whether the page offering
 * the action was viewed in this session. A flagged session must step up first.
 */
export async function requireSensitive(action: { name: string; offeredBy: string }): Promise<SensitiveCheck> {
  const ctx = await requireSession();
  const checked = await checkOrUnavailable();
  const deps = riskDeps();
  let d: Decision;
  try {
    const ordinary = checked.decision ?? (await assessOrdinary(bindingOf(ctx.session), riskRequest(ctx.meta), deps, Date.now()));
    d = await assessSensitive(ordinary, bindingOf(ctx.session), action, deps, Date.now());
    await applyDecision(ctx.session, d, ctx.meta, { persistRequirement: d.action === "suspend" });
  } catch (err) {
    throw new SessionStoreUnavailableError(err);
  }
  if (d.action === "suspend") redirect("/auth/ended?reason=suspended");
  if (d.action === "step_up" || d.action === "challenge") return { ok: false, needsStepUp: true, message: d.explanation };
  if (ctx.session.status === "flagged") return { ok: false, needsStepUp: true, message: "We asked for your code because this session was flagged for unusual activity." };
  return { ok: true, ctx };
}

/** Counts a failed confirmation (wrong password or code) inside the session, for the risk engine. */
export async function recordSessionFailure(sessionId: string): Promise<void> {
  const d = riskDeps();
  await d.store.addFailure(sessionId, Date.now(), d.cfg.failures.windowSeconds * 1000);
}

/**
 * A successful step-up: the person proved it is them, so the session's behaviour counters
 * (failures, bursts, page views) start over — otherwise three old typos would ask for the code
 * again on every request for the rest of the failure window.
 */
export async function forgiveSessionCounters(sessionId: string): Promise<void> {
  await riskDeps().store.reset(sessionId);
}

/** For route handlers: the session, or a ready 401/503 JSON response (clearing a stale cookie). */
export async function authenticateApi(): Promise<{ ok: true; ctx: SessionContext } | { ok: false; response: NextResponse }> {
  let checked: Checked;
  try {
    checked = await check();
  } catch (err) {
    if (err instanceof SessionStoreUnavailableError) {
      return { ok: false, response: NextResponse.json({ error: "session_store_unavailable", message: "Service temporarily unavailable." }, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } }) };
    }
    throw err;
  }
  const { result, meta, requirement } = checked;
  if (result.ok && !requirement) return { ok: true, ctx: { session: result.session, meta } };
  if (result.ok) {
    const error = requirement === "suspended" ? "session_suspended" : `${requirement}_required`;
    const message = requirement === "suspended" ? SESSION_END_REASONS.suspended : (await requirementExplanation(checked)) ?? "Confirm it's you to continue.";
    const location = requirement === "suspended" || requirement === null ? undefined : requirementPath(requirement, meta);
    return { ok: false, response: NextResponse.json({ error, message, ...(location ? { location } : {}) }, { status: requirement === "challenge" ? 429 : 401, headers: { "cache-control": "no-store" } }) };
  }
  const response = NextResponse.json(
    { error: "unauthenticated", reason: result.reason, message: SESSION_END_REASONS[result.reason] },
    { status: 401, headers: { "cache-control": "no-store" } },
  );
  if (checked.hadCookie) response.headers.append("set-cookie", clearedSessionCookieHeader());
  return { ok: false, response };
}

/**
 * Whether this request comes from the device that last proved a second factor in this session:
 * the same IP prefix (/24, /64) and the same User-Agent hash as recorded at sign-in or at the last
 * step-up (lib/session/store.ts keeps the binding columns for exactly that). A replayed cookie
 * from another network or another browser does not inherit the "code entered a moment ago"
 * exemption (issue 13, path 2). An attacker on the SAME network prefix with a copied UA still
 * matches: that needs a device key (DBSC/WebAuthn), not yet here.
 */
export function isProvingDevice(ctx: SessionContext): boolean {
  const prefix = ipPrefix(ctx.meta.ip) ?? ctx.meta.ip;
  return prefix === ctx.session.ipPrefix && userAgentHash(ctx.meta.userAgent) === ctx.session.uaHash;
}

/** A code entered within `seconds`, on this device. */
function freshWithin(ctx: SessionContext, seconds: number, now: Date): boolean {
  return now.getTime() - ctx.session.mfaAt.getTime() <= seconds * 1000 && isProvingDevice(ctx);
}

/** Whether the session's last code entry is recent enough for a sensitive action, and was made on this device. */
export function hasFreshAuth(ctx: SessionContext, now = new Date()): boolean {
  return freshWithin(ctx, config().FRESH_AUTH_SECONDS, now);
}

/** Only same-site relative paths are allowed as a post-step-up destination. */
export function safeNextPath(raw: unknown, fallback = "/account"): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\") || raw.length > 512) return fallback;
  return /^[\x21-\x7e]*$/.test(raw) ? raw : fallback;
}

/**
 * Pages and actions that need a code entered within FRESH_AUTH_SECONDS: the session, or a
 * redirect to the step-up page that brings the user back to `next`.
 */
export async function requireFreshSession(next: string): Promise<SessionContext> {
  const ctx = await requireSession();
  if (!hasFreshAuth(ctx)) redirect(`/step-up?next=${encodeURIComponent(safeNextPath(next))}`);
  return ctx;
}

/** Admin pages and actions require a code entered within this window (the admin console spec). */
export const ADMIN_FRESH_AUTH_SECONDS = 10 * 60;

/**
 * Admin pages and server actions: a valid session, role admin (anyone else gets the 404 page, so
 * the console's existence is not confirmed), then a code entered in the last 10 minutes
 * (otherwise the step-up page, which brings the admin back to `next`).
 */
export async function requireAdmin(next: string): Promise<SessionContext> {
  const ctx = await requireSession();
  if (ctx.session.role !== "admin") notFound();
  if (!(await adminFresh(ctx))) redirect(`/step-up?next=${encodeURIComponent(safeNextPath(next, "/admin"))}`);
  return ctx;
}

/**
 * Whether this admin must prove admin freshness with a passkey: REQUIRE_PASSKEY_FOR_ADMINS (on by
 * default) and the admin has one. Then a code, which a phishing proxy can relay, no longer opens
 * the console; only a passkey sign-in or step-up does (ADR 0016).
 */
export async function adminNeedsPasskey(ctx: SessionContext): Promise<boolean> {
  return ctx.session.role === "admin" && config().REQUIRE_PASSKEY_FOR_ADMINS && (await hasPasskey(ctx.session.userId));
}

/** A factor proved in the last 10 minutes on this device, and by a passkey when the admin must use one. */
async function adminFresh(ctx: SessionContext): Promise<boolean> {
  if (!freshWithin(ctx, ADMIN_FRESH_AUTH_SECONDS, new Date())) return false;
  return ctx.session.mfaMethod === "passkey" || !(await adminNeedsPasskey(ctx));
}

/** Admin route handlers: 401 without a session (or without a fresh code), 403 JSON for a non-admin. */
export async function authenticateAdminApi(next = "/admin"): Promise<{ ok: true; ctx: SessionContext } | { ok: false; response: NextResponse }> {
  const auth = await authenticateApi();
  if (!auth.ok) return auth;
  if (auth.ctx.session.role !== "admin") {
    return { ok: false, response: NextResponse.json({ error: "forbidden", message: "Administrators only." }, { status: 403, headers: { "cache-control": "no-store" } }) };
  }
  if (!(await adminFresh(auth.ctx))) {
    const location = `/step-up?next=${encodeURIComponent(safeNextPath(next, "/admin"))}`;
    return { ok: false, response: NextResponse.json({ error: "step_up_required", message: "Confirm with a fresh authentication code.", location }, { status: 401, headers: { "cache-control": "no-store" } }) };
  }
  return auth;
}
