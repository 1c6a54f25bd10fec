import { NextResponse, type NextRequest } from "next/server";
import { authenticateAdminApi } from "@/lib/session/guard";
import { decodeQueueCursor, listFlagQueue, parseQueueFilters } from "@/lib/admin/queue";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The flagged-session queue as JSON (same filters and cursor as /admin/flags). 401 / 403 otherwise. */
export async function GET(request: NextRequest): Promise<NextResponse> {
  const auth = await authenticateAdminApi("/admin/flags");
  if (!auth.ok) return auth.response;
  const sp = Object.fromEntries(request.nextUrl.searchParams);
  const page = await listFlagQueue(parseQueueFilters(sp), decodeQueueCursor(sp.cursor));
  return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
}
