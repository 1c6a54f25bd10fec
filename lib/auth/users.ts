import "server-only";
// Account creation and the account-wide changes that must end or rotate sessions with them.
import { db } from "@/lib/db/client";
import { hashPassword, checkPasswordPolicy } from "./password";
import { AUTH_ERRORS, passwordPolicyMessage, type AuthErrorCode } from "./errors";

export type Role = "user" | "admin";

/**
 * The canonical form of an address, which is also the stored (and displayed) form: Unicode NFKC
 * (fullwidth "ａ" becomes "a", ligatures and compatibility characters fold to their plain
 * letters), then lower-cased. The column is unique on this form, so look-alikes that NFKC or case
 * folding merge cannot become a second account, and signing in with any of them finds the one
 * account. (Full case folding such as "ß" → "ss" is not applied: that names another mailbox.)
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize("NFKC").toLowerCase().normalize("NFKC");
}

const EMAIL_RE = /^[^\s@<>"'`]{1,64}@[^\s@<>"'`]{1,255}\.[a-z0-9-]{2,63}$/i;
/**
 * Characters that display as nothing (or like something else) are refused outright: control
 * characters (U+0000...), format characters (zero-width space/joiners, soft hyphen, bidi
 * overrides, BOM), unassigned/private-use code points, separators, variation selectors and the
 * Hangul fillers that render blank. "a1\u200b@…" must not sit next to "a1@…" looking the same.
 */
const INVISIBLE = /[\p{C}\p{Z}\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0]/u;
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && !INVISIBLE.test(email) && EMAIL_RE.test(email);
}

export type CreateUserResult = { ok: true; userId: string } | { ok: false; code: AuthErrorCode; message: string };

/**
 * Creates the account. `mailboxProven`: the operator CLI and test fixtures create accounts whose
 * address is known to be right (they count as proven); self-service sign-up (lib/auth/sign-up.ts)
 * leaves it false, and the account cannot sign in or enrol a factor until the emailed link is
 * opened. The default is the safe one.
 */
export async function createUser(input: { email: string; password: string; role?: Role; mailboxProven?: boolean }): Promise<CreateUserResult> {
  const email = normalizeEmail(input.email);
  if (!isPlausibleEmail(email)) return { ok: false, code: "invalid_input", message: "Enter a valid email address." };
  const policy = checkPasswordPolicy(input.password, email);
  if (!policy.ok) return { ok: false, code: `password_${policy.reason}` as AuthErrorCode, message: passwordPolicyMessage(policy.reason) };
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db().user.create({ data: { email, passwordHash, role: input.role ?? "user", emailVerifiedAt: input.mailboxProven ? new Date() : null }, select: { id: true } });
    return { ok: true, userId: user.id };
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return { ok: false, code: "signup_unavailable", message: AUTH_ERRORS.signup_unavailable };
    throw err;
  }
}

/** Locks the account and ends all its sessions in one transaction. */
export async function setLocked(userId: string, locked: boolean, reason: string): Promise<number> {
  const now = new Date();
  const [, ended] = await db().$transaction([
    db().user.update({ where: { id: userId }, data: locked ? { lockedAt: now, lockedReason: reason } : { lockedAt: null, lockedReason: null } }),
    db().session.updateMany({
      where: { userId, status: { in: locked ? ["active", "flagged"] : [] } },
      data: { status: "revoked", endedAt: now, endedBy: "admin", endedReason: "locked" },
    }),
  ]);
  return ended.count;
}

/**
 * Changes the role. Sessions carry the role they were issued with, so the change and the end of
 * every existing session happen together: the user signs in again to get the new privilege
 * (a fresh token, which is the rotation-on-privilege-change rule).
 */
export async function setRole(userId: string, role: Role): Promise<number> {
  const now = new Date();
  const [, ended] = await db().$transaction([
    db().user.update({ where: { id: userId }, data: { role } }),
    db().session.updateMany({
      where: { userId, status: { in: ["active", "flagged"] }, role: { not: role } },
      data: { status: "revoked", endedAt: now, endedBy: "system", endedReason: "role_changed" },
    }),
  ]);
  return ended.count;
}
