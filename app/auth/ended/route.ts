// Where a page sends a request whose session cookie is no longer valid: the stale cookie is
// cleared here (pages cannot set cookies), then the browser lands on sign-in with the reason.
// Only our own pages send the browser here. A navigation started by another site clears nothing:
// otherwise any page could sign a visitor's browser out while the session it held stayed alive.
import { NextResponse, type NextRequest } from "next/server";
import { isSessionEndReason } from "@/lib/session/reasons";
import { clearedSessionCookieHeader } from "@/lib/session/cookie";

export const dynamic = "force-dynamic";

/** Sec-Fetch-Site of a navigation another site (or a sibling subdomain) started. */
const FOREIGN = new Set(["cross-site", "same-site"]);

export function GET(req: NextRequest): NextResponse {
  if (FOREIGN.has(req.headers.get("sec-fetch-site") ?? "")) {
    return new NextResponse(null, { status: 303, headers: { location: "/", "cache-control": "no-store" } });
  }
  const raw = req.nextUrl.searchParams.get("reason");
  const reason = isSessionEndReason(raw) ? raw : "unknown";
  const res = new NextResponse(null, { status: 303, headers: { location: `/sign-in?reason=${reason}`, "cache-control": "no-store" } });
  res.headers.append("set-cookie", clearedSessionCookieHeader());
  return res;
}
