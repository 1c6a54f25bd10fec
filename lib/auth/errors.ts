// One map of sign-in/sign-up errors, used by the UI text and the tests.
export const AUTH_ERRORS = {
  invalid_credentials: "Invalid email or password.",
  throttled: "Too many attempts. Try again later.",
  invalid_code: "That code is not valid. Check your authenticator app and try again.",
  code_reused: "That code was already used. Wait for the next code.",
  invalid_recovery_code: "That recovery code is not valid or was already used.",
  pending_expired: "Your sign-in took too long. Please enter your email and password again.",
  locked: "This account is locked. Contact support.",
  invalid_input: "Please check the highlighted fields.",
  signup_unavailable: "We could not create an account with these details.",
  password_too_short: "Use at least 8 characters.",
  password_too_long: "Use at most 128 characters.",
  password_common: "This password is too common. Choose another.",
  password_contains_email: "Do not use your email address as your password.",
  unavailable: "The service is temporarily unavailable. Try again shortly.",
  puzzle_required: "This account had many wrong sign-in attempts recently. Your browser solves a short puzzle before your password is checked; this takes a few seconds.",
  email_unconfirmed: "Confirm your email address first: open the link we mailed to it when you signed up (if it has expired, we just sent a new one).",
  step_up_suspended: "Too many wrong codes in this session: it was suspended and the account owner was alerted.",
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERRORS;

/** The message for a password the policy refused (lib/auth/password.ts checkPasswordPolicy). */
export function passwordPolicyMessage(reason: "too_short" | "too_long" | "common" | "contains_email"): string {
  const code = ({ too_short: "password_too_short", too_long: "password_too_long", common: "password_common", contains_email: "password_contains_email" } as const)[reason];
  return AUTH_ERRORS[code];
}
