import { NextResponse } from "next/server";
import { authenticateApi } from "@/lib/session/guard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's id and role; 401 without a valid session. */
export async function GET(): Promise<NextResponse> {
  const auth = await authenticateApi();
  if (!auth.ok) return auth.response;
  const { session } = auth.ctx;
  return NextResponse.json({ userId: session.userId, role: session.role, sessionId: session.id }, { headers: { "cache-control": "no-store" } });
}
