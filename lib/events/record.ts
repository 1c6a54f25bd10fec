import "server-only";
// Append-only security log. Writes never throw into the caller: a lost log line must not turn a
// sign-in into a 500, but it is reported on stderr.
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log";

export type SecurityEventType =
  | "signup"
  | "alert.confirmed_by_user"
  | "alert.disowned_by_user"
  | "signup.address_taken"
  | "signup.mailbox_proven"
  | "signin.mailbox_unproven"
  | "totp.discarded_unproven"
  | "signin.password_ok"
  | "signin.password_failed"
  | "signin.throttled"
  | "signin.locked_account"
  | "signin.mfa_failed"
  | "signin.mfa_replay"
  | "signin.mfa_throttled"
  | "signin.success"
  | "signin.recovery_code_used"
  | "totp.enrolled"
  | "session.rotated"
  | "session.signed_out"
  | "session.revoked"
  | "session.expired"
  | "session.invalid_token"
  | "account.locked"
  | "account.unlocked"
  | "account.role_changed"
  | "stepup.success"
  | "stepup.failed"
  | "password.reset_requested"
  | "password.reset_completed"
  | "password.changed"
  | "alert.new_device"
  | "risk.logged"
  | "risk.step_up"
  | "risk.challenge"
  | "risk.challenge_passed"
  | "risk.suspended"
  | "account.address_changed"
  | "account.email_changed"
  | "risk.challenge_refused"
  | "signin.puzzle_required"
  | "stepup.session_suspended"
  | "password.reset_account_cap"
  | "account.email_change_requested"
  | "account.email_change_cancelled"
  | "account.email_change_refused"
  | "passkey.added"
  | "passkey.removed"
  | "passkey.refused";

export interface SecurityEventInput {
  type: SecurityEventType;
  userId?: string | null;
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export async function recordEvent(e: SecurityEventInput): Promise<void> {
  try {
    await db().securityEvent.create({
      data: {
        type: e.type,
        userId: e.userId ?? null,
        sessionId: e.sessionId ?? null,
        ip: e.ip ?? null,
        userAgent: e.userAgent ? e.userAgent.slice(0, 512) : null,
        details: JSON.stringify(e.details ?? {}),
      },
    });
  } catch (err) {
    logger.error("security event not recorded", { type: e.type, error: (err as Error).message });
  }
}
