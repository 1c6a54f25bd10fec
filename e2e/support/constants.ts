export const SESSION_COOKIE = "__Host-sg_session";
export const PENDING_COOKIE = "__Host-sg_pending";
/** Shape of a session token (32 random bytes, base64url); see lib/session/token.ts. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
