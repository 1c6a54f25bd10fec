import "server-only";
// next-auth's part (ADR 0002): it runs the password step (Credentials provider), protects that
// POST with its double-submit CSRF token, and its short-lived JWT carries ONLY the pending
// sign-in between the password and code steps. It is never the session: the session of record
// is our database row (lib/session), issued after the second factor.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "@/lib/config";
import { metaFromHeaderBag } from "@/lib/session/request-meta";
import { passwordStep, type PendingPurpose } from "./sign-in";
import { deviceCookieFromHeader } from "./device-cookie";

export const PENDING_COOKIE = "__Host-sg_pending";
const cookieOpts = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: true };

declare module "next-auth" {
  interface User { pendingId?: string; purpose?: PendingPurpose }
  interface Session { pending?: { pendingId: string; userId: string; purpose: PendingPurpose } }
}
declare module "next-auth/jwt" {
  interface JWT { pid?: string; purpose?: PendingPurpose }
}

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  const c = config();
  options ??= {
    secret: c.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: c.PENDING_SIGN_IN_SECONDS },
    jwt: { maxAge: c.PENDING_SIGN_IN_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: true,
    cookies: {
      sessionToken: { name: PENDING_COOKIE, options: cookieOpts },
      csrfToken: { name: "__Host-sg_csrf", options: cookieOpts },
      callbackUrl: { name: "__Host-sg_callback", options: cookieOpts },
    },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" }, pow: { label: "Puzzle", type: "hidden" } },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          if (!email || !password) throw new Error("Invalid email or password.");
          const pow = typeof credentials?.pow === "string" && credentials.pow ? credentials.pow : undefined;
          const headers = req.headers as Record<string, unknown> | undefined;
          const cookie = typeof headers?.cookie === "string" ? headers.cookie : undefined;
          const result = await passwordStep({ email, password }, metaFromHeaderBag(req.headers), { deviceCookie: deviceCookieFromHeader(cookie), pow });
          // next-auth hands a thrown message back to the form as `error`.
          if (!result.ok) throw new Error(result.message);
          return { id: result.userId, pendingId: result.pendingId, purpose: result.purpose };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.pendingId) {
          token.pid = user.pendingId;
          token.purpose = user.purpose;
        }
        // Only the subject and the pending id travel: no email, no name.
        return { sub: token.sub, pid: token.pid, purpose: token.purpose, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      session({ session, token }) {
        return {
          expires: session.expires,
          pending: token.pid && token.sub && token.purpose ? { pendingId: token.pid, userId: token.sub, purpose: token.purpose } : undefined,
        };
      },
    },
  };
  return options;
}
