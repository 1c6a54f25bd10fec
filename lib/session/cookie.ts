// The session cookie. `__Host-` forces Secure, Path=/ and no Domain, so no sibling host or
// plain-http page can set or read it. Chromium accepts Secure cookies from http://localhost;
// anywhere else production must be served over https (README, "Production").
export const SESSION_COOKIE = "__Host-sg_session";

export interface CookieOptions {
  httpOnly: true;
  secure: true;
  sameSite: "lax";
  path: "/";
  maxAge: number;
}

export function sessionCookieOptions(maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}

/** A Set-Cookie value that deletes the cookie (for raw Response objects). */
export function clearedSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}
