// Why a request has no valid session. One map, used by the guard, the sign-in page and tests.
export const SESSION_END_REASONS = {
  missing: "Please sign in.",
  malformed: "Your session ended. Please sign in again.",
  unknown: "Your session ended. Please sign in again.",
  signed_out: "You signed out.",
  revoked_user: "This session was signed out from another device.",
  revoked_admin: "This session was signed out by an administrator.",
  revoked_security: "This session was signed out for security reasons.",
  expired_idle: "Your session ended after a period of inactivity. Please sign in again.",
  expired_absolute: "Your session reached its maximum length. Please sign in again.",
  locked: "This account is locked. Contact support.",
  suspended: "This session was suspended for security reasons. Please sign in again.",
} as const;

export type SessionEndReason = keyof typeof SESSION_END_REASONS;

export function isSessionEndReason(v: unknown): v is SessionEndReason {
  return typeof v === "string" && Object.hasOwn(SESSION_END_REASONS, v);
}

/** Maps how a session row ended to what its holder is told on the next request. */
export function reasonForEndedSession(status: string, endedBy: string | null, endedReason: string | null): SessionEndReason {
  if (status === "suspended") return "suspended";
  if (status === "expired") return endedReason === "absolute" ? "expired_absolute" : "expired_idle";
  if (endedReason === "signed_out") return "signed_out";
  if (endedReason === "locked") return "locked";
  if (endedBy === "admin") return "revoked_admin";
  if (endedBy === "system") return "revoked_security";
  return "revoked_user";
}
