import "server-only";
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";
import { COMMON_PASSWORDS } from "./common-passwords";

// OWASP Password Storage Cheat Sheet minimum for argon2id: m=19 MiB, t=2, p=1.
// Algorithm is an ambient const enum, which isolatedModules forbids referencing; 2 = Argon2id.
const ARGON2ID = 2 as Algorithm;
const HASH_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, HASH_OPTIONS);
}

/** Parameters are read from the encoded hash, so old hashes keep verifying after tuning. */
export async function verifyPassword(hashed: string, pw: string): Promise<boolean> {
  try {
    return await verify(hashed, pw);
  } catch {
    // Malformed/corrupt stored hash: deny rather than surface a 500 on the login path.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Runs one verification at full cost against a throwaway hash, so "no such account" takes as
 * long as "wrong password" and login timing can't be used to enumerate accounts.
 */
export async function verifyAgainstDummy(pw: string): Promise<false> {
  dummyHash ??= hash("sessionguard-dummy-password", HASH_OPTIONS).catch((err: unknown) => {
    dummyHash = undefined;
    throw err;
  });
  await verifyPassword(await dummyHash, pw);
  return false;
}

export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; reason: "too_short" | "too_long" | "common" | "contains_email" };

/** NIST 800-63B style: length bounds plus a denylist, no composition rules. */
export function checkPasswordPolicy(pw: string, email?: string): PasswordPolicyResult {
  // Count code points so non-BMP characters (emoji) count once.
  const length = [...pw].length;
  if (length < PASSWORD_MIN_LENGTH) return { ok: false, reason: "too_short" };
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, reason: "too_long" };
  const lower = pw.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return { ok: false, reason: "common" };
  if (email) {
    const normalizedEmail = email.trim().toLowerCase();
    const at = normalizedEmail.lastIndexOf("@");
    const local = at > 0 ? normalizedEmail.slice(0, at) : normalizedEmail;
    if (lower === local || lower.includes(normalizedEmail)) return { ok: false, reason: "contains_email" };
  }
  return { ok: true };
}
