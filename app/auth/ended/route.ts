// Where a page sends a request whose session cookie is no longer valid: the stale cookie is
// cleared here (pages cannot set cookies), then the browser lands on sign-in with the reason.
import { NextResponse, type NextRequest } from "next/server";
import { isSessionEndReason } from "@/lib/session/reasons";
import { clearedSessionCookieHeader } from "@/lib/session/cookie";

export const dynamic = "force-dynamic";

export function GET(req: NextRequest): NextResponse {
  const raw = req.nextUrl.searchParams.get("reason");
  const reason = isSessionEndReason(raw) ? raw : "unknown";
  const res = new NextResponse(null, { status: 303, headers: { location: `/sign-in?reason=${reason}`, "cache-control": "no-store" } });
  res.headers.append("set-cookie", clearedSessionCookieHeader());
  return res;
}
