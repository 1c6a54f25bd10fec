// next-auth's routes (CSRF token, Credentials callback). The JWT it issues is only the pending
// sign-in state; see lib/auth/nextauth.ts.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/nextauth";
import { logger } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Its forms post urlencoded bodies; anything else (e.g. broken JSON) would make next-auth's own
// body parsing throw, so it is refused here with a clear 4xx instead of a 500.
const FORM = "application/x-www-form-urlencoded";

async function handler(req: Request, ctx: Ctx): Promise<Response> {
  if (req.method === "POST" && !(req.headers.get("content-type") ?? "").toLowerCase().startsWith(FORM)) {
    return NextResponse.json({ error: "unsupported_media_type", message: `Send ${FORM}.` }, { status: 415 });
  }
  try {
    // next-auth v4's App Router entry is typed for its own request/context shapes.
    return (await NextAuth(req as never, ctx as never, authOptions())) as Response;
  } catch (err) {
    logger.warn("auth route rejected a request", { error: (err as Error).name });
    return NextResponse.json({ error: "bad_request", message: "The request could not be processed." }, { status: 400 });
  }
}

export { handler as GET, handler as POST };
