import "server-only";
// THE request-level session check. Every protected page, route handler and server action calls
// one of these guards first; nothing else reads the session cookie. (Layouts never check: they
// do not re-render on navigation. The proxy only does cheap, optimistic work.)
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { SESSION_COOKIE, clearedSessionCookieHeader } from "./cookie";
import { requestMeta } from "./request-meta";
import { SessionStoreUnavailableError, validateSessionToken, type ValidationResult, type ValidSession } from "./validate";
import { SESSION_END_REASONS } from "./reasons";
import type { RequestMeta } from "./store";
import { logger } from "@/lib/log";
import { config } from "@/lib/config";

export interface SessionContext {
  session: ValidSession;
  meta: RequestMeta;
}

type Checked = { result: ValidationResult; meta: RequestMeta; hadCookie: boolean };

/** One validation per request, however many components ask (React `cache`). */
const check = cache(async (): Promise<Checked> => {
  const meta = await requestMeta();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const result = await validateSessionToken(token, meta);
  if (!result.ok && result.reason !== "missing") logger.info("session rejected", { reason: result.reason, sessionId: result.sessionId, ip: meta.ip });
  return { result, meta, hadCookie: token !== undefined };
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

/** Pages and actions that work both signed in and out: the session, or null. */
export async function getCurrentSession(): Promise<SessionContext | null> {
  const { result, meta } = await checkOrUnavailable();
  return result.ok ? { session: result.session, meta } : null;
}

/**
 * Protected pages and server actions: returns the session or redirects — to sign-in with the
 * reason (via /auth/ended, which clears the stale cookie) or to /unavailable (503).
 */
export async function requireSession(): Promise<SessionContext> {
  const checked = await checkOrUnavailable();
  const { result, meta } = checked;
  if (result.ok) return { session: result.session, meta };
  redirect(checked.hadCookie ? `/auth/ended?reason=${result.reason}` : "/sign-in");
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
  const { result, meta } = checked;
  if (result.ok) return { ok: true, ctx: { session: result.session, meta } };
  const response = NextResponse.json(
    { error: "unauthenticated", reason: result.reason, message: SESSION_END_REASONS[result.reason] },
    { status: 401, headers: { "cache-control": "no-store" } },
  );
  if (checked.hadCookie) response.headers.append("set-cookie", clearedSessionCookieHeader());
  return { ok: false, response };
}

/** Whether the session's last code entry is recent enough for a sensitive action. */
export function hasFreshAuth(ctx: SessionContext, now = new Date()): boolean {
  return now.getTime() - ctx.session.mfaAt.getTime() <= config().FRESH_AUTH_SECONDS * 1000;
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
