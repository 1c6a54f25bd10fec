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

// The next-auth endpoints this app uses (its sign-in client and the credentials step); next-auth
// answers some others with a 500 (GET callback/credentials) or its own unstyled pages.
const ROUTES: Record<string, "GET" | "POST"> = {
  csrf: "GET", providers: "GET", session: "GET", signin: "GET", error: "GET",
  "callback/credentials": "POST", _log: "POST",
};

async function handler(req: Request, ctx: Ctx): Promise<Response> {
  const route = (await ctx.params).nextauth.join("/");
  const allowed = ROUTES[route];
  if (!allowed) return NextResponse.json({ error: "not_found", message: "No such endpoint." }, { status: 404 });
  if (req.method !== allowed) {
    return NextResponse.json({ error: "method_not_allowed", message: `Use ${allowed}.` }, { status: 405, headers: { allow: allowed } });
  }
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
