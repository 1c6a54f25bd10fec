// Cheap, optimistic work only (Next 16 proxy, Node runtime): a per-request CSP nonce for pages. Authentication is NOT decided here; see lib/session/guard.ts.
// API routes do not run it (matcher below: running the proxy costs every request CPU, and JSON
// needs no CSP nonce); server.ts gives every response the static security headers and the
// x-sg-path / x-sg-method headers the risk engine reads.
import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config";

const isDev = process.env.NODE_ENV !== "production";

function csp(nonce: string): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonce-bearing bootstrap load its chunks; no inline script runs without the nonce.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A POST to a page from another origin (a server action, with or without JavaScript): refused
 * here with a clear 403 (Next itself would throw a 500). API routes keep their own CSRF handling.
 */
function crossOriginPagePost(request: NextRequest): boolean {
  if (request.method !== "POST" || request.nextUrl.pathname.startsWith("/api/")) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.get("host");
  } catch {
    return true;
  }
}

export function proxy(request: NextRequest): NextResponse {
  if (crossOriginPagePost(request)) {
    return NextResponse.json({ error: "cross_origin", message: "Cross-origin form submissions are not accepted." }, { status: 403 });
  }
  // Test hooks switched off (ADR 0009): served exactly as the unknown API route they then are —
  // which the proxy never sees, so no nonce and no CSP here either (they would tell the two apart).
  if (request.nextUrl.pathname.startsWith("/api/test-hooks/") && !appConfig().SG_TEST_HOOKS) {
    return NextResponse.rewrite(new URL("/api/no-such-route", request.url));
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = csp(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  // For the risk engine's navigation signal (overwrites anything a client sent).
  requestHeaders.set("x-sg-path", request.nextUrl.pathname);
  requestHeaders.set("x-sg-method", request.method);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  // The static security headers, no-store and HSTS are set once, for every response, by server.ts.
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Everything but static files and /api/* — except /api/test-hooks/*, which the proxy hides when off.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/).*)" }, { source: "/api/test-hooks/:path*" }],
};
