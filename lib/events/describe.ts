// Plain-words descriptions of security events for the user's activity log.
const TEXT: Record<string, string> = {
  signup: "Account created",
  "alert.confirmed_by_user": "You confirmed that a sign-in or flagged session was you",
  "alert.disowned_by_user": "You said a session was not you: it was signed out, the password voided, the other sessions asked for a code",
  "signup.address_taken": "Someone tried to create an account with this address (we mailed it)",
  "signup.mailbox_proven": "Email address confirmed",
  "signin.mailbox_unproven": "Sign-in refused until the email address is confirmed",
  "totp.discarded_unproven": "Authenticator app removed: it was set up before the email address was confirmed",
  "signin.password_ok": "Password accepted; waiting for the authentication code",
  "signin.password_failed": "Wrong password entered",
  "signin.throttled": "Sign-in paused after too many attempts",
  "signin.locked_account": "Sign-in refused: the account is locked",
  "signin.mfa_failed": "Wrong authentication code entered",
  "signin.mfa_replay": "An authentication code was reused and refused",
  "signin.mfa_throttled": "Code entry paused after too many wrong codes",
  "signin.success": "Signed in",
  "signin.recovery_code_used": "A recovery code was used",
  "totp.enrolled": "Authenticator app set up",
  "passkey.added": "Passkey added",
  "passkey.removed": "Passkey removed",
  "passkey.refused": "A passkey response was refused",
  "session.rotated": "Session key renewed",
  "session.signed_out": "Signed out",
  "session.revoked": "Session signed out remotely",
  "session.expired": "Session expired",
  "account.locked": "Account locked",
  "account.unlocked": "Account unlocked",
  "account.role_changed": "Account role changed",
  "stepup.success": "Identity confirmed with a fresh code",
  "stepup.failed": "Wrong code entered when confirming identity",
  "password.reset_requested": "Password reset requested",
  "password.reset_completed": "Password reset; every session was signed out",
  "password.changed": "Password changed",
  "alert.new_device": "Sign-in from a new device",
  "account.address_changed": "Shipping address changed",
  "account.email_changed": "Email address changed",
  "risk.logged": "Unusual activity noted",
  "risk.step_up": "Code requested",
  "risk.challenge": "Browser puzzle requested",
  "risk.challenge_passed": "Browser puzzle solved",
  "risk.suspended": "Session suspended",
  "risk.challenge_refused": "A browser puzzle answer was refused",
  "signin.puzzle_required": "Sign-in asked for a browser puzzle (many wrong passwords for this account)",
  "stepup.session_suspended": "A session was suspended after too many wrong codes",
  "password.reset_account_cap": "Many password reset requests for this account",
  "account.email_change_requested": "Email change requested; waiting for confirmation from the new address",
  "account.email_change_cancelled": "Email change cancelled from the old address",
  "account.email_change_refused": "Email change refused",
};

export function describeEvent(type: string, details: Record<string, unknown>): string {
  const base = TEXT[type] ?? type;
  if (type === "session.revoked") {
    const by = details.by === "admin" ? "by an administrator" : details.by === "system" ? "for security reasons" : "by you";
    if (details.scope === "others") return `Other devices signed out ${by}`;
    if (details.scope === "everywhere") return `Signed out everywhere ${by}`;
    return `A session was signed out ${by}`;
  }
  if (type === "signin.success" && details.method === "recovery") return "Signed in with a recovery code";
  if (type === "signin.success" && details.method === "passkey") return details.passwordless === true ? "Signed in with a passkey (no password)" : "Signed in with a passkey";
  if (type === "stepup.success" && details.method === "passkey") return "Identity confirmed with a passkey";
  // Risk decisions carry their own explanation (lib/risk), shown as written.
  if (typeof details.explanation === "string") return `${base}: ${details.explanation}`;
  return base;
}

export function parseDetails(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
