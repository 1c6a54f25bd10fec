// next-auth's routes (CSRF token, Credentials callback). The JWT it issues is only the pending
// sign-in state; see lib/auth/nextauth.ts.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/nextauth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
export { handler as GET, handler as POST };
