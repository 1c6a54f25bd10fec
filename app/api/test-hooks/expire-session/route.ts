import { notFound } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { authenticateApi } from "@/lib/session/guard";
import { expireSessionDeadline, testHooksEnabled } from "@/lib/session/test-hooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Body = z.object({ kind: z.enum(["idle", "absolute"]) });
const noStore = { "cache-control": "no-store" };

/**
 * Test mode only (ADR 0009): moves the CALLER's own session's idle or absolute deadline into the
 * past. The caller is identified by the one guard, so no other session can be touched.
 */
export async function POST(request: NextRequest): Promise<NextResponse> {
  if (!testHooksEnabled()) notFound();
  // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    return NextResponse.json({ error: "unsupported_media_type", message: "Send JSON." }, { status: 415, headers: noStore });
  }
  const auth = await authenticateApi();
  if (!auth.ok) return auth.response;
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return NextResponse.json({ error: "bad_request", message: 'Send {"kind":"idle"} or {"kind":"absolute"}.' }, { status: 400, headers: noStore });
  const done = await expireSessionDeadline(auth.ctx.session.id, parsed.data.kind);
  if (!done) return NextResponse.json({ error: "conflict", message: "The session is no longer live." }, { status: 409, headers: noStore });
  return NextResponse.json({ ok: true, kind: parsed.data.kind, sessionId: auth.ctx.session.id }, { headers: noStore });
}
