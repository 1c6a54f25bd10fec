import { notFound } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { MAX_TOKEN_SAMPLES, sampleSessionTokens, testHooksEnabled } from "@/lib/session/test-hooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Test mode only (ADR 0009): `?n=50` fresh session tokens for the simulator's strength check. */
export function GET(request: NextRequest): NextResponse {
  // The proxy already answers like an unknown route when the flag is off; this is the second lock.
  if (!testHooksEnabled()) notFound();
  const n = Number(request.nextUrl.searchParams.get("n") ?? "50");
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOKEN_SAMPLES) {
    return NextResponse.json({ error: "bad_request", message: `n must be an integer 1..${MAX_TOKEN_SAMPLES}` }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  return NextResponse.json({ tokens: sampleSessionTokens(n) }, { headers: { "cache-control": "no-store" } });
}
